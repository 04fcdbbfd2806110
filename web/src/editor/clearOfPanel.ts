// Opening Results or History over the canvas's right edge keeps the nodes it would cover in sight: the view pans (or,
// when a pan is not enough, zooms out) so the part of the graph in view fits left of the panel. The view only.

import { useEffect } from "react";
import { getViewportForBounds, useReactFlow, type Rect, type Viewport } from "@xyflow/react";
import { FIT_MARGIN, fitPadding } from "./hooks/useCanvasCentre";
import { useEditor } from "./store/editorStore";

/** How long the view takes to move clear of a panel (ms): quick enough not to hold up the panel's opening. */
export const CLEAR_DURATION = 200;
/** Narrower than this left of the panel (a phone), there is no room to keep nodes in: the view stays. */
const LEAST_ROOM = 240;
const MIN_ZOOM = 0.1;

/** Room kept free at the canvas's top, foot (the AI dock) and left, in screen pixels. */
export interface Room { top: number; bottom: number; left: number }

/** Where `box` (flow units) is drawn in the pane at `view` (pane pixels). */
function onScreen(box: Rect, view: Viewport) {
  const left = box.x * view.zoom + view.x;
  const top = box.y * view.zoom + view.y;
  return { left, top, right: left + box.width * view.zoom, bottom: top + box.height * view.zoom };
}

function union(boxes: Rect[]): Rect {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The view that keeps in sight the nodes (`boxes`, flow units) drawn whole in a pane of `pane`'s size at `view`
 * once a panel covers its right `cover` pixels; null when none of them would be under it (the view stays). Panning
 * is enough when they fit left of the panel at the zoom they have; otherwise the view zooms out just enough. Nodes
 * drawn only in part (the user zoomed in elsewhere) do not count: the user was not looking at them whole. */
export function viewClearOfPanel(view: Viewport, pane: { width: number; height: number }, cover: number,
  boxes: Rect[], room: Room): Viewport | null {
  const edge = pane.width - cover;
  if (cover <= 0 || edge - FIT_MARGIN - room.left < LEAST_ROOM) return null;
  const whole = boxes.filter((box) => {
    const at = onScreen(box, view);
    return at.left >= -0.5 && at.top >= -0.5 && at.right <= pane.width + 0.5 && at.bottom <= pane.height + 0.5;
  });
  if (!whole.some((box) => onScreen(box, view).right > edge)) return null;
  const bounds = union(whole);
  const drawn = onScreen(bounds, view);
  if (drawn.right - drawn.left <= edge - FIT_MARGIN - room.left) {
    return { ...view, x: view.x - (drawn.right - (edge - FIT_MARGIN)) };
  }
  const px = (side: number) => `${side}px` as const;
  const padding = { top: px(room.top), bottom: px(room.bottom), left: px(room.left), right: px(cover + FIT_MARGIN) };
  return getViewportForBounds(bounds, pane.width, pane.height, MIN_ZOOM, view.zoom, padding);
}

/** The room a fitted graph keeps from the canvas's edges, the AI dock and a notice (as fitPadding pads it). */
function roomAround(): Room {
  const sides = fitPadding();
  const px = (side: unknown) => typeof side === "string" ? parseFloat(side) : FIT_MARGIN;
  return typeof sides === "object" ? { top: px(sides.top), bottom: px(sides.bottom), left: px(sides.left) }
    : { top: FIT_MARGIN, bottom: FIT_MARGIN, left: FIT_MARGIN };
}

/** The side panel open over the canvas's right edge that moves the view clear of it (by its test id), or null. */
function openPanel(state: { galleryOpen: boolean; historyOpen: boolean }): string | null {
  if (state.galleryOpen) return "gallery";
  return state.historyOpen ? "history" : null;
}

/** Move the view clear of Results or History as either opens; closing one leaves the view where it is. */
export function useNodesClearOfPanel(): void {
  const panel = useEditor((s) => openPanel(s));
  const { getNodes, getNodesBounds, getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (!panel) return;
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const drawn = document.querySelector(`[data-testid=${panel}]`)?.getBoundingClientRect();
    if (!pane || !drawn || pane.width === 0) return;
    const room = roomAround();
    const boxes = getNodes().map((node) => getNodesBounds([node]));
    const view = viewClearOfPanel(getViewport(), pane, pane.right - drawn.left, boxes, room);
    const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;  // asked for no motion: a jump
    if (view) void setViewport(view, { duration: still ? 0 : CLEAR_DURATION });
  }, [panel, getNodes, getNodesBounds, getViewport, setViewport]);
}
