// The edges as the canvas draws them: coloured by port type (dashed red when attached to none of its node's inputs),
// animated while their target node runs (when zoomed in far enough to see it: zoomed out, every animated edge would
// repaint the graph each frame), and labelled for screen readers by the nodes' names as the user knows them ("Edge
// from Blur (1) to Invert"), not their ids.
// Only an edge whose look or label changed gets a new object, so a run's progress re-renders a few edges, not all.

import { useMemo, useRef } from "react";
import { canvasNames } from "../graph/nodeNames";
import { portColor } from "../graph/ports";
import { useEditor } from "../store/editorStore";
import { isStudioNode, type EditorEdge, type NodeRunState } from "../types";

let lastRuns: Record<string, NodeRunState> | null = null;
let lastKey = "";

/** The ids of the running nodes as one string: equal strings, no re-render, however often runs change. */
function runningKey(runs: Record<string, NodeRunState>): string {
  if (runs !== lastRuns) {
    lastRuns = runs;
    lastKey = Object.keys(runs).filter((id) => runs[id].status === "running").sort().join("\n");
  }
  return lastKey;
}

/** An edge into a node of several inputs that does not say which (a document written by hand or by a script): the
 * engine leaves the node out of a run ("does not say which input it feeds"), so it is drawn apart, dashed red, not
 * as if it fed the first input. */
export function isUnattached(edge: EditorEdge, inputsOf: (nodeId: string) => number): boolean {
  return !edge.targetHandle && inputsOf(edge.target) > 1;
}

/** "Edge from Image Upload to Blur", naming the input ("to Inpaint's mask input") where the target has several, and
 * saying so of an edge attached to none of them. */
export function edgeLabel(edge: EditorEdge, names: ReadonlyMap<string, string>,
  inputsOf: (nodeId: string) => number): string {
  const source = names.get(edge.source) ?? "a node";
  const target = names.get(edge.target) ?? "a node";
  if (isUnattached(edge, inputsOf)) {
    return `Edge from ${source} to ${target}, attached to none of its inputs: connect ${source} to one of them`;
  }
  const input = edge.targetHandle && inputsOf(edge.target) > 1
    ? `'s ${edge.targetHandle.replace(/_/g, " ")} input` : "";
  return `Edge from ${source} to ${target}${input}`;
}

const UNATTACHED = { stroke: "#dc2626", strokeDasharray: "6 4" };

interface Styled {
  edge: EditorEdge;
  animated: boolean;
  label: string;
  drawn: EditorEdge;
}

/** `detailed`: the canvas's level of detail (see useZoomedIn); zoomed out, no edge is animated. */
export function useStyledEdges(edges: EditorEdge[], detailed: boolean): EditorEdge[] {
  const running = useEditor((s) => (detailed ? runningKey(s.nodeRuns) : ""));
  const names = useEditor((s) => canvasNames(s.nodes, s.specsByType));
  const specs = useEditor((s) => s.specsByType);
  const previous = useRef(new Map<string, Styled>());
  // `previous` is a cache between renders, read and replaced while rendering: each unchanged edge keeps its
  // object, so xyflow does not redraw it. A render React throws away leaves only entries that are still right.
  /* eslint-disable react-hooks/refs -- a cache kept across renders, see above */
  return useMemo(() => {
    const runningIds = new Set(running ? running.split("\n") : []);
    // the graph's node types change only as nodes come and go, which changes `names` too
    const types = new Map(useEditor.getState().nodes.filter(isStudioNode).map((n) => [n.id, n.data.nodeType]));
    const inputsOf = (id: string) => specs.get(types.get(id) ?? "")?.inputs.length ?? 0;
    const next = new Map<string, Styled>();
    const drawn = edges.map((edge) => {
      const animated = runningIds.has(edge.target);
      const label = edgeLabel(edge, names, inputsOf);
      const before = previous.current.get(edge.id);
      const styled = before && before.edge === edge && before.animated === animated && before.label === label ? before
        : { edge, animated, label, drawn: { ...edge, animated, ariaLabel: label,
          style: { stroke: edge.data ? portColor(edge.data.portType) : undefined, strokeWidth: edge.selected ? 3 : 2,
            ...(isUnattached(edge, inputsOf) ? UNATTACHED : {}) } } };
      next.set(edge.id, styled);
      return styled.drawn;
    });
    previous.current = next;
    return drawn;
  }, [edges, running, names, specs]);
  /* eslint-enable react-hooks/refs */
}
