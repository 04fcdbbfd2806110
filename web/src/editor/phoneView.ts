// Where a project opens on a phone: fitted whole, a graph of a few nodes was drawn too small to read (a node 256 wide
// drawn 60 px), and one made on a desktop opened at a readable zoom from its left edge with its second node cut at
// the screen's edge. It opens fitted to as many of its leftmost nodes (where its inputs are) as fit whole at a readable
// zoom, clear of the zoom buttons at the left.

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
  return { zoom, x: sides.left + (room.width - shown.width * zoom) / 2 - shown.x * zoom,
    y: sides.top + (room.height - shown.height * zoom) / 2 - shown.y * zoom };
}
