// Readable, unique ids for new nodes and edges ("blur-3", "e-blur-3-image-save-1-image").

import type { EditorEdge, EditorNode } from "../types";

/** Added to new node ids while this page edits offline ("blur-2-k3"): a collaborator adding a node of the same
 * type meanwhile takes "blur-2", and the two merge as two nodes, not one overwriting the other. */
let offlineSuffix = "";

export function setOfflineIdSuffix(suffix: string): void {
  offlineSuffix = suffix;
}

/** A page's own short mark for ids ("-k3", from its Yjs client id): what it adds to ids no collaborator's new node
 * may take meanwhile (made offline, or put back after a clash: collab/sameId.ts). */
export const pageIdSuffix = (clientId: number): string => `-${(clientId % 46656).toString(36)}`;

/** A readable id for a new `nodeType` node not among `taken`: "blur-3", with `suffix` when given (offline: this
 * page's). */
export function nextNodeId(nodeType: string, taken: Iterable<string>, suffix = offlineSuffix): string {
  const stem = (nodeType.split(".").pop() ?? "node").replace(/[^a-z0-9_]/gi, "_");
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${stem}-${n}${suffix}`)) n += 1;
  return `${stem}-${n}${suffix}`;
}

export function edgeId(edge: Pick<EditorEdge, "source" | "sourceHandle" | "target" | "targetHandle">): string {
  return `e-${edge.source}-${edge.sourceHandle ?? "out"}-${edge.target}-${edge.targetHandle ?? "in"}`;
}

export const idsOf = (nodes: EditorNode[]): string[] => nodes.map((n) => n.id);
