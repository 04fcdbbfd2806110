// Tab reaches the canvas's nodes before its connections. xyflow draws every edge before the first node, so on a
// 300-node graph Tab went through ~300 connections first; the browser follows the page's order, so Tab and
// Shift+Tab are answered here, at the canvas, with the nodes' block (each node and its fields) moved before the
// connections' block: before → nodes → connections → after.

import { useEffect } from "react";

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

/** While the canvas is shown, Tab and Shift+Tab take its nodes before its connections. */
export function useNodesFirstTabOrder(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Tab" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const from = document.activeElement;
      if (!from || from === document.body || !document.querySelector(EDGES)) return;
      const to = nextStop(tabStops(document), from, event.shiftKey);
      if (!to) return;
      event.preventDefault();
      to.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
