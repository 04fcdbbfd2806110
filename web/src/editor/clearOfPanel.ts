// Opening a panel over the canvas's right edge (Results, History, Comments, Versions, a node's settings) keeps the
// nodes it would cover in sight: the view pans (or, when a pan is not enough, zooms out as far as stays readable) so
// the part of the graph in view fits left of the panel; a node's settings keep that node in sight, so its preview can
// be watched while it is edited. A short panel covers only what is beside it. The view only.

import { useEffect } from "react";
import { getViewportForBounds, useReactFlow, type Rect, type Viewport } from "@xyflow/react";
import { FIT_MARGIN, fitPadding, READABLE_ZOOM } from "./hooks/useCanvasCentre";
import { useCollabPanel } from "./activity/panels";
import { useEditor } from "./store/editorStore";
import { moveView } from "./viewMoving";

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

/** The panel as drawn over the pane, in pane pixels: how much of the pane's right it covers, and from where to where
 * down it reaches (a panel with little in it is short: nodes below it are not covered). */
export interface PanelCover { width: number; top: number; bottom: number }

/** Whether a node drawn at `at` (pane pixels) is under a panel whose left edge is at `edge`. */
const under = (at: ReturnType<typeof onScreen>, edge: number, panel: PanelCover) =>
  at.right > edge && at.bottom > panel.top && at.top < panel.bottom;

/** The view that keeps in sight, once a panel covers the pane's right (`panel`), the nodes (`boxes`, flow units)
 * drawn whole in a pane of `pane`'s size at `view`, when one of them would be under it; null when none would (the
 * view stays). Panning is enough when they fit left of the panel at the zoom they have; otherwise the view zooms out
 * as far as they need, though not below a readable zoom (READABLE_ZOOM, or the zoom the view has when that is
 * lower): past that, it keeps the right end of them (those the panel would cover) in sight. Nodes drawn only in part
 * (the user zoomed in elsewhere) do not count: the user was not looking at them whole. A node's settings
 * (`editing`: the node they are of, drawn whole or in part) keep that node in sight instead, whatever else the panel
 * covers: its preview is watched while it is edited, and the rest is not shrunk for it. */
export function viewClearOfPanel(view: Viewport, pane: { width: number; height: number }, panel: PanelCover,
  boxes: Rect[], room: Room, editing?: Rect): Viewport | null {
  const edge = pane.width - panel.width;
  if (panel.width <= 0 || edge - FIT_MARGIN - room.left < LEAST_ROOM) return null;
  let wanted: Rect[];
  if (editing) {
    const edited = onScreen(editing, view);
    const cutAtFoot = edited.top < -0.5 || edited.bottom > pane.height + 0.5;
    if (!(under(edited, edge, panel) && edited.left < pane.width) && !cutAtFoot) return null;
    wanted = [editing];
  } else {
    wanted = boxes.filter((box) => {
      const at = onScreen(box, view);
      return at.left >= -0.5 && at.top >= -0.5 && at.right <= pane.width + 0.5 && at.bottom <= pane.height + 0.5;
    });
    if (!wanted.some((box) => under(onScreen(box, view), edge, panel))) return null;
  }
  const bounds = union(wanted);
  const drawn = onScreen(bounds, view);
  const right = edge - FIT_MARGIN;
  const bottom = pane.height - room.bottom;
  // only the edited node can be cut by the canvas's top or foot: the view then moves it down or up, into the room
  const cut = drawn.top < -0.5 || drawn.bottom > pane.height + 0.5;
  if (drawn.right - drawn.left <= right - room.left && (!cut || drawn.bottom - drawn.top <= bottom - room.top)) {
    const dy = !cut ? 0 : drawn.top < 0 ? room.top - drawn.top : bottom - drawn.bottom;
    return { ...view, x: view.x - Math.max(0, drawn.right - right), y: view.y + dy };
  }
  const px = (side: number) => `${side}px` as const;
  const padding = { top: px(room.top), bottom: px(room.bottom), left: px(room.left),
    right: px(panel.width + FIT_MARGIN) };
  const fitted = getViewportForBounds(bounds, pane.width, pane.height, MIN_ZOOM, view.zoom, padding);
  const readable = Math.min(view.zoom, READABLE_ZOOM);
  if (fitted.zoom >= readable) return fitted;
  // not all of them at a readable zoom: their right end, left of the panel, about the height the view had
  const middle = (pane.height / 2 - view.y) / view.zoom;
  return { zoom: readable, x: right - (bounds.x + bounds.width) * readable, y: pane.height / 2 - middle * readable };
}

/** The room a fitted graph keeps from the canvas's edges, the AI dock and a notice (as fitPadding pads it). */
function roomAround(): Room {
  const sides = fitPadding();
  const px = (side: unknown) => typeof side === "string" ? parseFloat(side) : FIT_MARGIN;
  return typeof sides === "object" ? { top: px(sides.top), bottom: px(sides.bottom), left: px(sides.left) }
    : { top: FIT_MARGIN, bottom: FIT_MARGIN, left: FIT_MARGIN };
}

/** The side panel open over the canvas's right edge that moves the view clear of it: its test id, and the node
 * whose settings it shows; null when none is open. Comments or Versions are drawn over a node's settings, and
 * Results or History too (they close Comments and Versions): the one on top counts. */
function openPanel(collab: string | null, state: { galleryOpen: boolean; historyOpen: boolean;
  settingsNodeId: string | null }): { testId: string; nodeId?: string } | null {
  if (collab) return { testId: `${collab}-panel` };
  if (state.galleryOpen) return { testId: "gallery" };
  if (state.historyOpen) return { testId: "history" };
  return state.settingsNodeId ? { testId: "settings-panel", nodeId: state.settingsNodeId } : null;
}

/** Move the view clear of a right-hand panel as it opens (or shows another node's settings); closing one leaves the
 * view where it is. */
export function useNodesClearOfPanel(): void {
  const collab = useCollabPanel((s) => s.panel);
  const testId = useEditor((s) => openPanel(collab, s)?.testId ?? null);
  const nodeId = useEditor((s) => openPanel(collab, s)?.nodeId ?? null);
  const { getNode, getNodes, getNodesBounds, getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (!testId) return;
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const drawn = document.querySelector(`[data-testid=${testId}]`)?.getBoundingClientRect();
    if (!pane || !drawn || pane.width === 0) return;
    const room = roomAround();
    const boxes = getNodes().map((node) => getNodesBounds([node]));
    const edited = nodeId ? getNode(nodeId) : undefined;
    const editing = edited ? getNodesBounds([edited]) : undefined;
    const cover = { width: pane.right - drawn.left, top: drawn.top - pane.top, bottom: drawn.bottom - pane.top };
    const view = viewClearOfPanel(getViewport(), pane, cover, boxes, room, editing);
    const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;  // asked for no motion: a jump
    if (!view) return;
    // while the view moves, the canvas says so (data-view-moving): what measures nodes on screen waits for its end
    const canvas = document.querySelector<HTMLElement>(".react-flow");
    if (canvas) moveView(canvas, setViewport, view, still ? 0 : CLEAR_DURATION);
    else void setViewport(view, { duration: still ? 0 : CLEAR_DURATION });
  }, [testId, nodeId, getNode, getNodes, getNodesBounds, getViewport, setViewport]);
}
