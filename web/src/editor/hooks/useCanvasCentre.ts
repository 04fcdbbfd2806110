// Where "the middle of the canvas" is, in flow coordinates (for click-to-add), which part of the canvas is in view
// (less what the AI dock covers at its foot), fitting the graph into that part (clear of the minimap too), and
// bringing nodes just added into it (a dropped photo's) without zooming out past what can be read.

import { useReactFlow, type FitViewOptions, type Viewport, type XYPosition } from "@xyflow/react";
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

/** The least zoom the view is zoomed out to to bring nodes just added into view: a dropped photo's node below the
 * view zoomed the whole graph out to 0.6, its labels 7 px tall. */
export const READABLE_ZOOM = 0.75;

/** The least shift of one axis (screen pixels) that brings [start, start + length] inside [from, from + room]; a span
 * longer than the room is shown from its start. */
function shiftInto(start: number, length: number, from: number, room: number): number {
  if (length > room || start < from) return start - from;
  return Math.max(0, start + length - (from + room));
}

/** The viewport that brings `boxes` (flow units: nodes just added) into `visible` (the part of the canvas in view as
 * `view` draws it, flow units): panned the least at `view`'s zoom; zoomed out, about the middle of the view, only as
 * far as they need to fit, and never below `minZoom` (nor zoomed at all when the view is already below it). What
 * does not fit even so is shown from its top-left. */
export function viewShowing(view: Viewport, visible: Box, boxes: readonly Box[], minZoom = READABLE_ZOOM): Viewport {
  if (!boxes.length) return view;
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const width = Math.max(...boxes.map((b) => b.x + b.width)) - left;
  const height = Math.max(...boxes.map((b) => b.y + b.height)) - top;
  // the part in view, on screen (pane pixels): it stays where it is whatever the zoom
  const room = { x: view.x + visible.x * view.zoom, y: view.y + visible.y * view.zoom,
    width: visible.width * view.zoom, height: visible.height * view.zoom };
  const fits = Math.min(room.width / Math.max(width, 1), room.height / Math.max(height, 1));
  const zoom = fits >= view.zoom ? view.zoom : Math.max(fits, Math.min(view.zoom, minZoom));
  // zoomed about the middle of the part in view, then panned the least
  const middle = { x: room.x + room.width / 2, y: room.y + room.height / 2 };
  const x = middle.x - ((middle.x - view.x) / view.zoom) * zoom;
  const y = middle.y - ((middle.y - view.y) / view.zoom) * zoom;
  return { zoom, x: x - shiftInto(x + left * zoom, width * zoom, room.x, room.width),
    y: y - shiftInto(y + top * zoom, height * zoom, room.y, room.height) };
}

/** Bring nodes just added (their boxes, flow units) into the part of the canvas in view, as viewShowing moves it. */
export function useShowInView(): (boxes: readonly Box[]) => void {
  const { getViewport, setViewport, screenToFlowPosition } = useReactFlow();
  return useCallback((boxes: readonly Box[]) => {
    const visible = visibleCanvas(screenToFlowPosition);
    if (!visible || !boxes.length) return;
    void setViewport(viewShowing(getViewport(), visible, boxes), { duration: 250 });
  }, [getViewport, setViewport, screenToFlowPosition]);
}
