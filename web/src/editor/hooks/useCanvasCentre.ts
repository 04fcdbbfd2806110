// Where "the middle of the canvas" is, in flow coordinates (for click-to-add), which part of the canvas is in view
// (less what the AI dock covers at its foot), and fitting the graph into that part.

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

/** The padding that fits the graph into the part of the canvas the AI dock leaves free. */
export function fitPadding(): NonNullable<FitViewOptions["padding"]> {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  const bottom = FIT_MARGIN + (pane ? dockCover(pane) : 0);
  return { top: `${FIT_MARGIN}px`, x: `${FIT_MARGIN}px`, bottom: `${bottom}px` };
}

/** Fit the whole graph (or the nodes `ids`) in view above the AI dock, never zoomed in past 1:1. */
export function useFitGraph(): (ids?: string[]) => void {
  const { fitView } = useReactFlow();
  return useCallback((ids?: string[]) => void fitView({ nodes: ids?.map((id) => ({ id })), padding: fitPadding(),
    maxZoom: 1, duration: 250 }), [fitView]);
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
