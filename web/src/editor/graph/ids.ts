// Readable, unique ids for new nodes and edges ("blur-3", "e-blur-3-image-save-1-image").

import type { EditorEdge, EditorNode } from "../types";

/** Added to new node ids while this page edits offline ("blur-2-k3"): a collaborator adding a node of the same
 * type meanwhile takes "blur-2", and the two merge as two nodes, not one overwriting the other. */
let offlineSuffix = "";

export function setOfflineIdSuffix(suffix: string): void {
  offlineSuffix = suffix;
}

export function nextNodeId(nodeType: string, taken: Iterable<string>): string {
  const stem = (nodeType.split(".").pop() ?? "node").replace(/[^a-z0-9_]/gi, "_");
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${stem}-${n}${offlineSuffix}`)) n += 1;
  return `${stem}-${n}${offlineSuffix}`;
}

export function edgeId(edge: Pick<EditorEdge, "source" | "sourceHandle" | "target" | "targetHandle">): string {
  return `e-${edge.source}-${edge.sourceHandle ?? "out"}-${edge.target}-${edge.targetHandle ?? "in"}`;
}

export const idsOf = (nodes: EditorNode[]): string[] => nodes.map((n) => n.id);
