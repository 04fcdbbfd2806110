// Where a project opens on a phone: fitted whole, a graph of a few nodes was drawn too small to read (a node 256 wide
// drawn 60 px); below a readable zoom it opens at that zoom instead, from its left edge, where its inputs are.

import type { Viewport } from "@xyflow/react";
import { FIT_MARGIN } from "./hooks/useCanvasCentre";
import type { Box } from "./palette/freeSpot";

/** The least zoom a project opens at on a phone: fitted whole, a graph of a few nodes was drawn too small to read
 * (a node 256 wide drawn 60 px); at this zoom a node's words are read without zooming, and the graph opens at its
 * left edge, where its inputs are, for the rest to be panned to. */
export const PHONE_MIN_ZOOM = 0.75;

/** Where a phone's view of a graph of `bounds` (flow units) opens when fitting it whole would draw it below
 * PHONE_MIN_ZOOM (`fitted`: the zoom that fits it): at that zoom, its left edge FIT_MARGIN from the pane's, and
 * level with the middle of the pane when it is short enough, else its top FIT_MARGIN down; null when the fit is
 * readable as it is. */
export function phoneOpenView(pane: { width: number; height: number }, bounds: Box, fitted: number):
  Viewport | null {
  if (fitted >= PHONE_MIN_ZOOM) return null;
  const zoom = PHONE_MIN_ZOOM;
  const tall = bounds.height * zoom > pane.height - 2 * FIT_MARGIN;
  return { zoom, x: FIT_MARGIN - bounds.x * zoom,
    y: tall ? FIT_MARGIN - bounds.y * zoom : (pane.height - bounds.height * zoom) / 2 - bounds.y * zoom };
}
