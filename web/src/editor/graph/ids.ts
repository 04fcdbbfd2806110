// Readable, unique ids for new nodes and edges ("blur-3", "e-blur-3-image-save-1-image").

import type { EditorEdge, EditorNode } from "../types";

export function nextNodeId(nodeType: string, taken: Iterable<string>): string {
  const stem = (nodeType.split(".").pop() ?? "node").replace(/[^a-z0-9_]/gi, "_");
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${stem}-${n}`)) n += 1;
  return `${stem}-${n}`;
}

export function edgeId(edge: Pick<EditorEdge, "source" | "sourceHandle" | "target" | "targetHandle">): string {
  return `e-${edge.source}-${edge.sourceHandle ?? "out"}-${edge.target}-${edge.targetHandle ?? "in"}`;
}

export const idsOf = (nodes: EditorNode[]): string[] => nodes.map((n) => n.id);
