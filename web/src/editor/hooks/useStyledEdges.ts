// The edges as the canvas draws them: coloured by port type, animated while their target node runs (when
// zoomed in far enough to see it: zoomed out, every animated edge would repaint the graph each frame). Only an
// edge whose look changed gets a new object, so a run's progress re-renders a few edges, not all of them.

import { useMemo, useRef } from "react";
import { portColor } from "../graph/ports";
import { useEditor } from "../store/editorStore";
import type { EditorEdge, NodeRunState } from "../types";

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

interface Styled {
  edge: EditorEdge;
  animated: boolean;
  drawn: EditorEdge;
}

/** `detailed`: the canvas's level of detail (see useZoomedIn); zoomed out, no edge is animated. */
export function useStyledEdges(edges: EditorEdge[], detailed: boolean): EditorEdge[] {
  const running = useEditor((s) => (detailed ? runningKey(s.nodeRuns) : ""));
  const previous = useRef(new Map<string, Styled>());
  // `previous` is a cache between renders, read and replaced while rendering: each unchanged edge keeps its
  // object, so xyflow does not redraw it. A render React throws away leaves only entries that are still right.
  /* eslint-disable react-hooks/refs -- a cache kept across renders, see above */
  return useMemo(() => {
    const runningIds = new Set(running ? running.split("\n") : []);
    const next = new Map<string, Styled>();
    const drawn = edges.map((edge) => {
      const animated = runningIds.has(edge.target);
      const before = previous.current.get(edge.id);
      const styled = before && before.edge === edge && before.animated === animated ? before
        : { edge, animated, drawn: { ...edge, animated,
          style: { stroke: edge.data ? portColor(edge.data.portType) : undefined, strokeWidth: edge.selected ? 3 : 2 } } };
      next.set(edge.id, styled);
      return styled.drawn;
    });
    previous.current = next;
    return drawn;
  }, [edges, running]);
  /* eslint-enable react-hooks/refs */
}
