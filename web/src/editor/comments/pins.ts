// Where comment pins go and what a click in comment mode pins to: pure functions of the canvas, kept apart
// from the components so they are tested without drawing a canvas.

import type { PinAt, Thread } from "../../api/comments";

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
