// How far to pan the canvas, at the zoom it has, so that a node just added outside the part of the canvas on screen
// comes into it: the least move that shows it whole (or, taller or wider than the view, its top-left part), with the
// node it was placed after too when both fit. Panning, not fitting: the view keeps the zoom the person chose; on a
// phone, where a node and the one it follows rarely fit side by side, it zooms out to show both when they fit at a
// readable zoom (a Blur added after an Image Upload left the upload's "Drop an image" field off screen).

import type { Viewport, XYPosition } from "@xyflow/react";
import { viewShowing } from "../hooks/useCanvasCentre";
import type { Box } from "./freeSpot";

/** The box around `boxes` (not empty). */
function around(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/** The least shift of one axis that brings [start, start + length] inside [from, from + room]; a span longer than the
 * room is shown from its start. */
function shift(start: number, length: number, from: number, room: number): number {
  if (length > room || start < from) return start - from;
  return Math.max(0, start + length - (from + room));
}

/** The shift (flow units) that brings `added` into `visible`, and `after` with it when the two fit together:
 * the view's new top-left is `visible`'s moved by it. Zero when `added` is in view already. */
export function panIntoView(visible: Box, added: Box, after?: Box): XYPosition {
  const both = after ? around([added, after]) : added;
  const target = both.width <= visible.width && both.height <= visible.height ? both : added;
  return { x: shift(target.x, target.width, visible.x, visible.width),
    y: shift(target.y, target.height, visible.y, visible.height) };
}

/** The view that brings `added` (just placed out of view) into `visible` (the part of the canvas in view as `view`
 * draws it, flow units): with `after`, the node it follows, in view, when the two fit at `minZoom` or more (zoomed out only
 * as far as they need: viewShowing); else panned at the zoom it has, as panIntoView moves it. `minZoom` as high as
 * the view's zoom keeps the zoom. */
export function viewAfterAdding(view: Viewport, visible: Box, added: Box, after: Box | undefined,
  minZoom: number): Viewport {
  // the node it follows in view (a part of it at least): the person was looking at it
  const seen = after && after.x < visible.x + visible.width && after.x + after.width > visible.x
    && after.y < visible.y + visible.height && after.y + after.height > visible.y;
  if (after && seen) {
    const both = around([added, after]);
    const fits = view.zoom * Math.min(visible.width / both.width, visible.height / both.height);
    if (fits >= Math.min(view.zoom, minZoom)) return viewShowing(view, visible, [added, after], minZoom);
  }
  const move = panIntoView(visible, added, after);
  return { x: view.x - move.x * view.zoom, y: view.y - move.y * view.zoom, zoom: view.zoom };
}
