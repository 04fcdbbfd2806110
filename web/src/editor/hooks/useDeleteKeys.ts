// Delete and Backspace on the canvas act on what has the keyboard's focus: a connection or a node reached with Tab
// is deleted itself, though another node is selected (xyflow's own Delete took the selection only, so the node
// selected went, not the connection in the focus ring); with the focus on nothing of the graph's, on the selection.

import { useEffect } from "react";
import { useReactFlow, useStoreApi, type Edge, type Node } from "@xyflow/react";
import { isTyping } from "../shortcuts";

/** The node or connection the focus is on (or in: a node's button), none when it is elsewhere. */
export type FocusedElement = { kind: "node" | "edge"; id: string } | null;

interface Deletion<N extends Node, E extends Edge> {
  nodes: N[];
  edges: E[];
}

/** What Delete removes: the focused node or connection alone, when it is not selected; else (the focus on a
 * selected one, which is one of the selection, or on nothing of the graph's) every selected node and connection. */
export function deletionFor<N extends Node, E extends Edge>(focused: FocusedElement, nodes: N[], edges: E[]):
  Deletion<N, E> {
  const selection = { nodes: nodes.filter((node) => node.selected), edges: edges.filter((edge) => edge.selected) };
  if (!focused) return selection;
  if (focused.kind === "node") {
    const node = nodes.find((each) => each.id === focused.id);
    return !node || node.selected ? selection : { nodes: [node], edges: [] };
  }
  const edge = edges.find((each) => each.id === focused.id);
  return !edge || edge.selected ? selection : { nodes: [], edges: [edge] };
}

/** The graph's element holding `element` (the focused one) on the canvas. */
export function focusedElement(element: Element | null): FocusedElement {
  const canvasElement = element?.closest<HTMLElement | SVGElement>(
    "[data-testid=canvas] .react-flow__node, [data-testid=canvas] .react-flow__edge");
  const id = canvasElement?.dataset.id;
  if (!canvasElement || !id) return null;
  return { kind: canvasElement.classList.contains("react-flow__edge") ? "edge" : "node", id };
}

/** While the canvas is shown and takes changes (`enabled`): Delete and Backspace delete what focusedElement and
 * deletionFor say, through xyflow (its checks, the store's one undo step), as its own Delete key did. */
export function useDeleteKeys(enabled: boolean): void {
  const flow = useReactFlow();
  const store = useStoreApi();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Delete" && event.key !== "Backspace") return;
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (isTyping(target) || target?.closest(".nokey")) return;  // the key is the field's (as xyflow's was)
      if (target?.closest("[aria-modal=true]")) return;  // a dialog over the canvas: the graph is not in reach
      const doomed = deletionFor(focusedElement(document.activeElement), flow.getNodes(), flow.getEdges());
      if (!doomed.nodes.length && !doomed.edges.length) return;
      event.preventDefault();
      void flow.deleteElements(doomed);
      store.setState({ nodesSelectionActive: false });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, flow, store]);
}
