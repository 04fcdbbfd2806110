// Tab reaches the canvas's nodes before its connections. xyflow draws every edge before the first node, so on a
// 300-node graph Tab went through ~300 connections first; the browser follows the page's order, so Tab and
// Shift+Tab are answered here, at the canvas, with the nodes' block (each node and its fields) moved before the
// connections' block: before → canvas → nodes → connections → after. Between nodes, Tab follows every node, drawn or
// not: a large graph zoomed in draws only the nodes in view (Canvas's culling), and the next one is brought into view.
// The nodes go in the order they are seen (screenOrder: row by row, left to right), not the order they were added in:
// a node deleted and brought back by undo is drawn last, and Tab would have jumped to it after all the others.

import { useEffect } from "react";
import { flushSync } from "react-dom";
import { useReactFlow, type ReactFlowInstance } from "@xyflow/react";
import { CANVAS_STOP, nodeElement } from "./canvasFocus";
import { viewShowing, visibleCanvas } from "./hooks/useCanvasCentre";
import { estimatedSize } from "./palette/freeSpot";
import { useEditor } from "./store/editorStore";
import type { CanvasNode } from "./dock/ghosts";
import { isStudioNode } from "./types";

const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex], [contenteditable='true'], "
  + "audio[controls], video[controls]";
const EDGES = ".react-flow__edges, .react-flow__edgelabel-renderer";
const NODES = ".react-flow__nodes";

type Focusable = HTMLElement | SVGElement;

/** What Tab stops at, in the page's order: focusable, not taken out of the order, not disabled, inert or hidden. */
export function tabStops(root: ParentNode): Focusable[] {
  return [...root.querySelectorAll<Focusable>(FOCUSABLE)].filter((element) => element.tabIndex >= 0
    && !element.matches(":disabled") && !element.closest("[inert]")
    && !(element instanceof HTMLInputElement && element.type === "hidden")
    && (typeof element.checkVisibility !== "function" || element.checkVisibility({ visibilityProperty: true })));
}

/** `stops` with the canvas's nodes (and their fields) moved before its connections, each block in its own order. */
export function nodesFirst(stops: Focusable[]): Focusable[] {
  const edges = stops.filter((stop) => stop.closest(EDGES));
  const nodes = stops.filter((stop) => stop.closest(NODES));
  if (!edges.length || !nodes.length) return stops;
  const start = stops.indexOf(edges[0]);
  const moved = new Set([...edges, ...nodes]);
  const rest = stops.filter((stop) => !moved.has(stop));
  return [...rest.slice(0, start), ...nodes, ...edges, ...rest.slice(start)];
}

/** Where Tab (or Shift+Tab: `back`) goes from `from` when it is not where the page's order would take it; null
 * when the browser's own move is the right one (or `from` is no stop). */
export function nextStop(stops: Focusable[], from: Element, back: boolean): Focusable | null {
  const natural = stops.indexOf(from as Focusable);
  if (natural < 0) return null;
  const ordered = nodesFirst(stops);
  const step = back ? -1 : 1;
  const wanted = ordered[ordered.indexOf(from as Focusable) + step];
  return wanted && wanted !== stops[natural + step] ? wanted : null;
}

/** Where the focus is as Tab leaves it, for a move between nodes: on the canvas itself; on a node (its own element:
 * `first`, its last stop: `last`, both for a node without fields); on the stop just after the nodes' block (the first
 * connection); elsewhere (null). */
export type TabPlace = { on: "canvas" } | { on: "node"; nodeId: string; first: boolean; last: boolean }
  | { on: "after nodes" } | null;

/** A node's place and size on the canvas (flow coordinates). */
export interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The nodes' ids in the order they are seen: row by row from the top, each row left to right. A node is on a row
 * when its top is above the middle of a node on it: nodes side by side, a little out of line or of other heights,
 * are one row. Ties keep `boxes`' order. */
export function screenOrder(boxes: readonly NodeBox[]): string[] {
  const byTop = [...boxes].sort((a, b) => a.y - b.y);
  const rows: { boxes: NodeBox[]; middle: number }[] = [];
  for (const box of byTop) {
    const row = rows.at(-1);
    const middle = box.y + box.height / 2;
    if (row && box.y < row.middle) {
      row.boxes.push(box);
      row.middle = Math.max(row.middle, middle);
    } else rows.push({ boxes: [box], middle });
  }
  return rows.flatMap((row) => row.boxes.sort((a, b) => a.x - b.x).map((box) => box.id));
}

/** Where Tab (or Shift+Tab: `back`) goes from `place`, by `order` (every node's id, drawn or not, as screenOrder
 * has them): to a node, at which end (its own element, `first`, going forward; its last stop, `last`, coming back);
 * back from the first node to the canvas; on from the last node's last stop to what follows the nodes (the
 * connections); null where the move is not from or to a node (the page's order decides). */
export type NodeStep = { nodeId: string; end: "first" | "last" } | { to: "canvas" | "after nodes" } | null;

export function nodeStep(order: readonly string[], place: TabPlace, back: boolean): NodeStep {
  if (!place || !order.length) return null;
  if (!back) {
    if (place.on === "canvas") return { nodeId: order[0], end: "first" };
    const at = place.on === "node" && place.last ? order.indexOf(place.nodeId) : -1;
    if (at < 0) return null;
    return at + 1 < order.length ? { nodeId: order[at + 1], end: "first" } : { to: "after nodes" };
  }
  if (place.on === "after nodes") return { nodeId: order[order.length - 1], end: "last" };
  if (place.on !== "node" || !place.first) return null;
  const at = order.indexOf(place.nodeId);
  if (at < 0) return null;
  return at > 0 ? { nodeId: order[at - 1], end: "last" } : { to: "canvas" };
}

/** `from`'s TabPlace, among `stops` (the page's Tab stops). */
function placeOf(from: Element, stops: Focusable[]): TabPlace {
  if (from.matches(CANVAS_STOP)) return { on: "canvas" };
  const node = from.closest<HTMLElement>(".react-flow__node");
  if (node?.dataset.id) {
    const inside = tabStops(node);
    return { on: "node", nodeId: node.dataset.id, first: from === node,
      last: from === node ? inside.length === 0 : from === inside[inside.length - 1] };
  }
  const ordered = nodesFirst(stops);
  const at = ordered.indexOf(from as Focusable);
  return at > 0 && ordered[at - 1].closest(NODES) ? { on: "after nodes" } : null;
}

/** Pan the view the least that shows the node `nodeId` whole (at the zoom it has), when it is not. */
function bringIntoView(flow: ReactFlowInstance<CanvasNode>, nodeId: string): void {
  const node = flow.getInternalNode(nodeId);
  const visible = visibleCanvas(flow.screenToFlowPosition);
  if (!node || !visible) return;
  const { width, height } = node.measured;
  const size = width && height ? { width, height } : sizeBeforeDrawn(nodeId);
  const view = flow.getViewport();
  const next = viewShowing(view, visible, [{ ...node.internals.positionAbsolute, ...size }], view.zoom);
  // drawn at once (a node newly in view is drawn then): it takes the focus before the next key is read, so a Tab
  // pressed again straight away goes on from it
  if (Math.abs(next.x - view.x) > 0.5 || Math.abs(next.y - view.y) > 0.5) flushSync(() => void flow.setViewport(next));
}

/** The size a node never drawn yet will have (xyflow has measured none). */
function sizeBeforeDrawn(nodeId: string): { width: number; height: number } {
  const { nodes, specsByType } = useEditor.getState();
  const node = nodes.find((n) => n.id === nodeId);
  return estimatedSize(node && isStudioNode(node) ? specsByType.get(node.data.nodeType) : undefined);
}

/** Every node Tab reaches (drawn or not), in the order they are seen (screenOrder). */
function seenOrder(flow: ReactFlowInstance<CanvasNode>): string[] {
  const boxes = flow.getNodes().filter((node) => !node.hidden && node.focusable !== false).map((node) => {
    const internal = flow.getInternalNode(node.id);
    const { width, height } = internal?.measured ?? {};
    const size = width && height ? { width, height } : sizeBeforeDrawn(node.id);
    return { id: node.id, ...(internal?.internals.positionAbsolute ?? node.position), ...size };
  });
  return screenOrder(boxes);
}

/** The canvas's own stop (before the nodes), or the first stop after the nodes' block (the first connection). */
function besideNodes(stops: Focusable[], to: "canvas" | "after nodes"): Focusable | null {
  if (to === "canvas") return document.querySelector<HTMLElement>(CANVAS_STOP);
  const ordered = nodesFirst(stops);
  const after = ordered.length - [...ordered].reverse().findIndex((stop) => stop.closest(NODES));
  return after <= ordered.length ? ordered[after] ?? null : null;
}

/** Frames waited for a node brought into view to be drawn. */
const DRAW_FRAMES = 30;

/** Focus the node `nodeId` (its own element, or its last stop) once it is drawn (at once, as a rule). */
function focusWhenDrawn(nodeId: string, end: "first" | "last"): void {
  let left = DRAW_FRAMES;
  const attempt = () => {
    const node = nodeElement(nodeId);
    if (!node) {
      if (--left > 0) requestAnimationFrame(attempt);
      return;
    }
    const target = end === "last" ? tabStops(node).at(-1) ?? node : node;
    target.focus({ preventScroll: true });
  };
  attempt();
}

/** While the canvas is shown, Tab and Shift+Tab take its nodes before its connections, every node in turn (each
 * brought into view), drawn or not. */
export function useNodesFirstTabOrder(): void {
  const flow = useReactFlow<CanvasNode>();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Tab" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const from = document.activeElement;
      if (!from || from === document.body) return;
      const stops = tabStops(document);
      const step = nodeStep(seenOrder(flow), placeOf(from, stops), event.shiftKey);
      const beside = step && "to" in step ? besideNodes(stops, step.to) : null;
      if (beside) {
        event.preventDefault();
        beside.focus();
        return;
      }
      if (step && "nodeId" in step) {
        event.preventDefault();
        bringIntoView(flow, step.nodeId);
        focusWhenDrawn(step.nodeId, step.end);
        return;
      }
      if (!document.querySelector(EDGES)) return;
      const to = nextStop(stops, from, event.shiftKey);
      if (!to) return;
      event.preventDefault();
      to.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flow]);
}
