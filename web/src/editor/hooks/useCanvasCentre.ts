// Where "the middle of the canvas" is, in flow coordinates (for click-to-add and paste).

import { useReactFlow, type XYPosition } from "@xyflow/react";
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
