// Where a project opens on a phone: fitted whole, a graph of a few nodes was drawn too small to read (a node 256 wide
// drawn 60 px), and one made on a desktop opened at a readable zoom from its left edge with its second node cut at
// the screen's edge. It opens fitted to as many of its leftmost nodes (where its inputs are) as fit whole at a readable
// zoom, clear of the zoom buttons at the left. The same rule shows what an AI dock's plan makes, previewed or applied.

import type { Viewport } from "@xyflow/react";
import type { Box } from "./palette/freeSpot";

/** The least zoom a project opens at on a phone: at this zoom a node's words are read without zooming; the rest of a
 * larger graph is panned to. */
export const PHONE_MIN_ZOOM = 0.75;

/** Room kept around the fitted nodes (screen pixels): at the top, clear of the Nodes button (46 px down the pane);
 * at the left, clear of the zoom buttons (bottom-left, 51 px wide on a phone); at the foot, clear of the AI dock's
 * bar as it first shows. */
export const PHONE_SIDES = { top: 64, right: 24, bottom: 120, left: 64 };

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The viewport that fits `boxes` (nodes, flow units) into a pane of `pane`'s size, never past 1:1; when the whole
 * graph would be drawn below `minZoom`, only its leftmost nodes (as many as fit whole at `minZoom` or more, at
 * least the first) are fitted, so the view opens on whole nodes rather than a screen of cut ones; null for no
 * nodes. Nodes are counted from the left by their left edges (from the top, by their tops, in a graph taller than
 * wide). */
export function phoneOpeningView(pane: { width: number; height: number }, boxes: Box[], minZoom: number,
  sides = PHONE_SIDES): Viewport | null {
  if (!boxes.length) return null;
  const room = { width: pane.width - sides.left - sides.right, height: pane.height - sides.top - sides.bottom };
  const zoomFor = (b: Box) => Math.min(1, room.width / Math.max(b.width, 1), room.height / Math.max(b.height, 1));
  // a graph laid out down the page is read from its top: its first nodes are its topmost
  const whole = union(boxes);
  const ordered = whole.height > whole.width ? [...boxes].sort((a, b) => a.y - b.y || a.x - b.x)
    : [...boxes].sort((a, b) => a.x - b.x || a.y - b.y);
  let shown = union(ordered.slice(0, 1));
  for (let count = ordered.length; count > 1; count--) {
    const bounds = union(ordered.slice(0, count));
    if (zoomFor(bounds) >= minZoom) {
      shown = bounds;
      break;
    }
  }
  const zoom = zoomFor(shown);
  const view = { zoom, x: sides.left + (room.width - shown.width * zoom) / 2 - shown.x * zoom,
    y: sides.top + (room.height - shown.height * zoom) / 2 - shown.y * zoom };
  return clearOfRightEdge(view, pane, boxes, shown);
}

/** `view` moved right until no node is cut by the screen's right edge (a desktop's nodes 26 px apart: the next one
 * showed as a 21-px strip, its title and fields off screen): a node half on screen starts at the edge instead, so
 * the screen ends before it, while the nodes fitted (`shown`) stay whole on screen. When they cannot (nodes touching
 * or overlapping), `view` as it was. Only nodes level with the screen count: one below it is panned to. */
function clearOfRightEdge(view: Viewport, pane: { width: number; height: number }, boxes: Box[], shown: Box):
  Viewport {
  const { zoom } = view;
  const level = boxes.filter((b) => view.y + b.y * zoom < pane.height && view.y + (b.y + b.height) * zoom > 0);
  // the most the view may move right: the fitted nodes' right edge reaches the screen's
  const most = pane.width - (view.x + (shown.x + shown.width) * zoom);
  let shift = 0;
  // each move can cut a node that was whole before it (one further left): at most one move a node
  for (let moves = 0; moves <= level.length; moves++) {
    const cut = level.filter((b) => {
      const [left, right] = [view.x + shift + b.x * zoom, view.x + shift + (b.x + b.width) * zoom];
      return left < pane.width && right > pane.width;
    });
    if (!cut.length) return { ...view, x: view.x + shift };
    shift = Math.max(...cut.map((b) => pane.width - (view.x + b.x * zoom)));
    if (shift > most) return view;
  }
  return view;
}

/** Room kept between fitted nodes and what covers the pane's foot (screen pixels). */
const PHONE_FOOT_ROOM = 24;

/** The sides kept clear on a phone with `foot` px of the pane's foot covered (the AI dock grown by its "Applied:" line
 * and a second row of buttons): as far clear of it as PHONE_SIDES keeps of the dock as it first shows. */
export function phoneSidesAbove(foot: number, sides = PHONE_SIDES): typeof PHONE_SIDES {
  return { ...sides, bottom: Math.max(sides.bottom, foot + PHONE_FOOT_ROOM) };
}

/** Where a phone's view goes as the graph changes (the AI dock previews or applies a plan): the whole graph (`all`,
 * flow boxes of every node) where it fits at `minZoom` or more; else the nodes `made` (added or changed) by the
 * opening's rule, as many of them from the left as fit whole at a readable zoom, rather than every node drawn too small
 * to read. Null for no nodes. */
export function phoneChangedView(pane: { width: number; height: number }, all: Box[], made: Box[], minZoom: number,
  sides = PHONE_SIDES): Viewport | null {
  const whole = all.length ? phoneOpeningView(pane, [union(all)], minZoom, sides) : null;
  if (whole && whole.zoom >= minZoom) return whole;
  return phoneOpeningView(pane, made.length ? made : all, minZoom, sides);
}
