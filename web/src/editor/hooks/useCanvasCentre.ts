// Where "the middle of the canvas" is, in flow coordinates (for click-to-add), which part of the canvas is in view
// (less what the AI dock covers at its foot), and fitting the graph into that part (clear of the minimap too).

import { useReactFlow, type FitViewOptions, type XYPosition } from "@xyflow/react";
import type { Box } from "../palette/freeSpot";
import { useCallback } from "react";

export function canvasCentre(screenToFlowPosition: (p: XYPosition) => XYPosition): XYPosition {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!pane) return { x: 0, y: 0 };
  const centre = screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
  return { x: centre.x - 128, y: centre.y - 60 };
}

export function useCanvasCentre(): () => XYPosition {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(() => canvasCentre(screenToFlowPosition), [screenToFlowPosition]);
}

/** Room kept between the visible area's edges (and the dock) and a node placed in it (screen pixels). */
const EDGE_MARGIN = 16;
/** Room kept around the graph when the view is fitted to it (screen pixels). */
export const FIT_MARGIN = 48;

/** How much of the canvas's foot the AI dock covers (screen pixels; 0 when it is hidden). */
function dockCover(pane: DOMRect): number {
  const dock = document.querySelector("[data-testid=ai-dock]")?.getBoundingClientRect();
  return dock && dock.top > pane.top && dock.top < pane.bottom ? pane.bottom - dock.top : 0;
}

/** How much of the canvas's top or foot a notice floating over it covers (screen pixels; 0 and 0 without one),
 * counted on the side it is on (NoticeToast puts it at the foot, above the AI dock's bar): a fitted graph's nodes
 * stay clear of "2 nodes can't run yet: …". */
function noticeCover(pane: DOMRect): { top: number; bottom: number } {
  const notice = document.querySelector("[data-testid=notice]")?.getBoundingClientRect();
  if (!notice || notice.bottom <= pane.top || notice.top >= pane.bottom) return { top: 0, bottom: 0 };
  const below = notice.top + notice.height / 2 > pane.top + pane.height / 2;
  return below ? { top: 0, bottom: pane.bottom - notice.top } : { top: notice.bottom - pane.top, bottom: 0 };
}

/** How much of the canvas's bottom-right corner the minimap covers (screen pixels; 0 by 0 without one). */
function minimapCover(pane: DOMRect): { width: number; height: number } {
  const map = document.querySelector(".react-flow__minimap")?.getBoundingClientRect();
  if (!map || map.width === 0) return { width: 0, height: 0 };
  return { width: Math.max(0, pane.right - map.left), height: Math.max(0, pane.bottom - map.top) };
}

type Sides = { top: number; right: number; bottom: number; left: number };

/** The paddings (screen pixels) that fit a graph of `bounds` (flow units) into the part of a pane of `pane`'s size
 * that what floats over its foot (`foot` px high: the AI dock, a notice above it), the minimap (in its bottom-right
 * corner) and a notice at its top (`notice` px of it) leave free. The graph keeps clear of the minimap by staying
 * either above it or left of it: whichever lets it be drawn larger. */
export function fitSides(pane: { width: number; height: number }, bounds: { width: number; height: number },
  foot: number, minimap: { width: number; height: number }, notice = 0): Sides {
  const base = { top: Math.max(FIT_MARGIN, notice + FIT_MARGIN / 2), left: FIT_MARGIN };
  const above: Sides = { ...base, right: FIT_MARGIN, bottom: FIT_MARGIN + Math.max(foot, minimap.height) };
  const beside: Sides = { ...base, right: FIT_MARGIN + minimap.width, bottom: FIT_MARGIN + foot };
  const zoom = (sides: Sides) => Math.min(1,
    (pane.width - sides.left - sides.right) / Math.max(bounds.width, 1),
    (pane.height - sides.top - sides.bottom) / Math.max(bounds.height, 1));
  return zoom(beside) > zoom(above) ? beside : above;
}

/** The padding that fits a graph of `bounds` (flow units) into the part of the canvas the AI dock, the minimap and a
 * notice leave free (without `bounds`, the minimap's room is not kept). */
export function fitPadding(bounds?: { width: number; height: number }): NonNullable<FitViewOptions["padding"]> {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  const notice = pane ? noticeCover(pane) : { top: 0, bottom: 0 };
  // a notice at the foot floats above the dock's bar: the foot's cover is the taller of the two
  const foot = Math.max(pane ? dockCover(pane) : 0, notice.bottom);
  const minimap = pane && bounds ? minimapCover(pane) : { width: 0, height: 0 };
  const sides = pane && bounds ? fitSides(pane, bounds, foot, minimap, notice.top)
    : { top: Math.max(FIT_MARGIN, notice.top + FIT_MARGIN / 2), right: FIT_MARGIN, bottom: FIT_MARGIN + foot,
      left: FIT_MARGIN };
  return { top: `${sides.top}px`, right: `${sides.right}px`, bottom: `${sides.bottom}px`, left: `${sides.left}px` };
}

/** The zoom at which a graph of `bounds` (flow units) fits the part of the canvas that the AI dock, the minimap and
 * a notice leave free (as fitPadding pads it), never past 1:1; null before the canvas is drawn. */
export function fitZoom(bounds: { width: number; height: number }): number | null {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!pane || pane.width === 0) return null;
  const notice = noticeCover(pane);
  const sides = fitSides(pane, bounds, Math.max(dockCover(pane), notice.bottom), minimapCover(pane), notice.top);
  return Math.min(1, (pane.width - sides.left - sides.right) / Math.max(bounds.width, 1),
    (pane.height - sides.top - sides.bottom) / Math.max(bounds.height, 1));
}

/** Fit the whole graph (or the nodes `ids`) in view above the AI dock and clear of the minimap, never zoomed in
 * past 1:1, moving there in `duration` ms. */
export function useFitGraph(): (ids?: string[], duration?: number) => void {
  const { fitView, getNodes, getNodesBounds } = useReactFlow();
  return useCallback((ids?: string[], duration = 250) => {
    const bounds = getNodesBounds(ids ?? getNodes());
    void fitView({ nodes: ids?.map((id) => ({ id })), padding: fitPadding(bounds), maxZoom: 1, duration });
  }, [fitView, getNodes, getNodesBounds]);
}

/** The part of the canvas on screen, in flow coordinates, less the AI dock floating over its foot; null before the
 * canvas is drawn. */
export function visibleCanvas(screenToFlowPosition: (p: XYPosition) => XYPosition): Box | null {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!pane || pane.width === 0) return null;
  const bottom = pane.bottom - dockCover(pane);
  const topLeft = screenToFlowPosition({ x: pane.left + EDGE_MARGIN, y: pane.top + EDGE_MARGIN });
  const bottomRight = screenToFlowPosition({ x: pane.right - EDGE_MARGIN, y: bottom - EDGE_MARGIN });
  return { ...topLeft, width: Math.max(0, bottomRight.x - topLeft.x), height: Math.max(0, bottomRight.y - topLeft.y) };
}

export function useVisibleCanvas(): () => Box | null {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(() => visibleCanvas(screenToFlowPosition), [screenToFlowPosition]);
}
