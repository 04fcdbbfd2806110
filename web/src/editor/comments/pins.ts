// Where comment pins go and what a click in comment mode pins to: pure functions of the canvas, kept apart
// from the components so they are tested without drawing a canvas.

import type { PinAt, Thread } from "../../api/comments";
import { CARD_WIDTH_PX, PIN_WIDTH_PX } from "./cardPlacement";

export interface Spot { x: number; y: number }

/** What a node offers a pin: its top-left corner on the canvas and its width (flow coordinates). */
export interface NodeBox { x: number; y: number; width: number }

/** A pin's spot in flow coordinates: just past a node's top-right corner (so it follows the node and leaves its
 * title readable), or the thread's own point; null for a node no longer on the canvas. */
export function spotOf(at: PinAt | Pick<Thread, "node_id" | "x" | "y">, box: (id: string) => NodeBox | null):
  Spot | null {
  const nodeId = "node_id" in at ? at.node_id : null;
  if (nodeId) {
    const node = box(nodeId);
    return node ? { x: node.x + node.width, y: node.y } : null;  // its top-right corner (the pin sits above it)
  }
  const { x, y } = at as { x?: number | null; y?: number | null };
  return typeof x === "number" && typeof y === "number" ? { x, y } : null;
}

/** What a click in comment mode pins a new thread to: the studio node under it (`nodeIdAt`, from the clicked
 * element), else the clicked point (`point`, already in flow coordinates). */
export function pinFor(nodeIdAt: string | null, isStudio: (id: string) => boolean, point: Spot): PinAt {
  if (nodeIdAt && isStudio(nodeIdAt)) return { node_id: nodeIdAt };
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

/** The room a thread's card takes right of its pin (the pin, the card and a gap), and a side panel at the canvas's
 * right (w-80 and its margin), in screen pixels: the card opens there when it fits (cardPlacement). */
export const CARD_ROOM_PX = PIN_WIDTH_PX + CARD_WIDTH_PX + 16;
export const SIDE_PANEL_PX = 332;

/** Where to centre the view (flow coordinates) on a node of `box` (with its height) so that the node, and its
 * thread's card right of its pin, show together in a canvas of `pane` (screen pixels) whose right `covered` pixels a
 * side panel hides: the card then opens right of the node, over the canvas, as a click on the pin opens it. A pane
 * too narrow for both centres the node in the free part (the card then opens to its left). */
export function threadCentre(box: NodeBox & { height: number }, pane: { width: number; height: number },
  zoom: number, covered = SIDE_PANEL_PX): Spot {
  const free = Math.max(0, pane.width - covered);
  const node = box.width * zoom;
  const block = node + CARD_ROOM_PX;
  const left = block <= free ? (free - block) / 2 : (free - node) / 2;  // the node's left edge on screen
  return { x: box.x + (pane.width / 2 - left) / zoom, y: box.y + box.height / 2 };
}
