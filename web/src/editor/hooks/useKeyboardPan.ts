// The arrow keys move the view while the canvas itself has the focus (not a node, not a field): how a designer
// without a mouse pans. xyflow has no key for that; its arrows move the selected nodes, as they still do.

import { useCallback, type KeyboardEvent } from "react";
import { useReactFlow, type XYPosition } from "@xyflow/react";

/** How far one arrow press moves the view (screen pixels); with Shift, four times as far. */
export const PAN_STEP = 80;
const SHIFT_FACTOR = 4;

/** Which way the graph moves for each arrow: ArrowRight shows what is to the right, so the graph moves left. */
const GRAPH_MOVES: Record<string, XYPosition> = {
  ArrowLeft: { x: 1, y: 0 }, ArrowRight: { x: -1, y: 0 }, ArrowUp: { x: 0, y: 1 }, ArrowDown: { x: 0, y: -1 },
};

/** How far the viewport's origin moves for a key (screen pixels); null for any other key, or an arrow with Ctrl, ⌘
 * or Alt (the browser's and the system's). */
export function panBy(event: Pick<KeyboardEvent, "key" | "shiftKey" | "ctrlKey" | "metaKey" | "altKey">):
  XYPosition | null {
  const move = GRAPH_MOVES[event.key];
  if (!move || event.ctrlKey || event.metaKey || event.altKey) return null;
  const step = PAN_STEP * (event.shiftKey ? SHIFT_FACTOR : 1);
  return { x: move.x * step, y: move.y * step };
}

/** The canvas's key handler: an arrow pressed on the canvas itself (the event's own element) moves the view. */
export function useKeyboardPan(): (event: KeyboardEvent) => void {
  const { getViewport, setViewport } = useReactFlow();
  return useCallback((event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || event.defaultPrevented) return;
    const by = panBy(event);
    if (!by) return;
    event.preventDefault();  // the page would scroll
    const view = getViewport();
    void setViewport({ ...view, x: view.x + by.x, y: view.y + by.y });
  }, [getViewport, setViewport]);
}
