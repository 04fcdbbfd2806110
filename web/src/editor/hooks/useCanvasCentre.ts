// Where "the middle of the canvas" is, in flow coordinates (for click-to-add and paste), and which part of the
// canvas is in view (less what the AI dock covers at its foot).

import { useReactFlow, type XYPosition } from "@xyflow/react";
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

/** The part of the canvas on screen, in flow coordinates, less the AI dock floating over its foot; null before the
 * canvas is drawn. */
export function visibleCanvas(screenToFlowPosition: (p: XYPosition) => XYPosition): Box | null {
  const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!pane || pane.width === 0) return null;
  const dock = document.querySelector("[data-testid=ai-dock]")?.getBoundingClientRect();
  const bottom = dock && dock.top > pane.top && dock.top < pane.bottom ? dock.top : pane.bottom;
  const topLeft = screenToFlowPosition({ x: pane.left + EDGE_MARGIN, y: pane.top + EDGE_MARGIN });
  const bottomRight = screenToFlowPosition({ x: pane.right - EDGE_MARGIN, y: bottom - EDGE_MARGIN });
  return { ...topLeft, width: Math.max(0, bottomRight.x - topLeft.x), height: Math.max(0, bottomRight.y - topLeft.y) };
}

export function useVisibleCanvas(): () => Box | null {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(() => visibleCanvas(screenToFlowPosition), [screenToFlowPosition]);
}
