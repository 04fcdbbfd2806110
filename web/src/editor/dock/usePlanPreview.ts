// The canvas's side of the AI dock's preview: what it draws (the graph, and a pending plan's ghosts over it), and
// where its changes go (a ghost's measured size to the preview, everything else to the editor store).

import { useCallback, useMemo } from "react";
import type { EdgeChange, NodeChange } from "@xyflow/react";
import { useEditor } from "../store/editorStore";
import type { EditorEdge, EditorNode } from "../types";
import { isGhostId, previewGraph, type CanvasNode, type GhostNode } from "./ghosts";
import { onGhostChanges, previewedPlan, usePreview } from "./preview";

const changedId = (change: NodeChange<CanvasNode> | EdgeChange<EditorEdge>): string =>
  "id" in change ? change.id : change.item.id;

/** `nodes` and `edges` as drawn (edges already styled), with the previewed plan over them, if any. */
export function usePlanPreview(nodes: EditorNode[], edges: EditorEdge[]): { nodes: CanvasNode[]; edges: EditorEdge[] } {
  const plan = usePreview(previewedPlan);
  const ghosts = usePreview((s) => s.ghosts);
  const specs = useEditor((s) => s.specsByType);
  return useMemo(() => (plan ? previewGraph(nodes, edges, plan, ghosts, specs) : { nodes, edges }),
    [plan, ghosts, nodes, edges, specs]);
}

/** The canvas's change handlers: ghosts are measured by the preview and never reach the graph. */
export function useCanvasChanges(): {
  onNodesChange: (changes: NodeChange<CanvasNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<EditorEdge>[]) => void;
} {
  const onGraphNodes = useEditor((s) => s.onNodesChange);
  const onGraphEdges = useEditor((s) => s.onEdgesChange);
  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const ghost = changes.filter((c) => isGhostId(changedId(c))) as NodeChange<GhostNode>[];
    const graph = changes.filter((c) => !isGhostId(changedId(c))) as NodeChange<EditorNode>[];
    onGhostChanges(ghost);
    if (graph.length) onGraphNodes(graph);
  }, [onGraphNodes]);
  const onEdgesChange = useCallback((changes: EdgeChange<EditorEdge>[]) => {
    const graph = changes.filter((c) => !isGhostId(changedId(c)));
    if (graph.length) onGraphEdges(graph);
  }, [onGraphEdges]);
  return { onNodesChange, onEdgesChange };
}
