// What a picture in the viewer is compared with, and which of the two is Before: the one the other was made from
// (the node's input, the original upload) is always Before and the one made from it After, whichever of the two
// the viewer was opened on.

import type { NodeSpec } from "../../api/types";
import { upstreamOf } from "../graph/search";
import type { EditorEdge, EditorNode } from "../types";
import type { ViewerItem } from "./results";

/** The side of the divider a compared picture is drawn on: Before on the left, After on the right. */
export type CompareSide = "before" | "after";

/** The picture that went into a node: the result on the other end of its first image or mask input,
 * the one a before/after comparison starts from. */
export function inputOf(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[],
  nodes: EditorNode[], specsByType: Map<string, NodeSpec>): ViewerItem | null {
  const node = nodes.find((candidate) => candidate.id === item.nodeId);
  const spec = node?.type === "studio" ? specsByType.get(node.data.nodeType) : undefined;
  const pictures = (spec?.inputs ?? []).filter((port) => port.type === "image" || port.type === "mask");
  for (const port of pictures) {
    const edge = edges.find((candidate) => candidate.target === item.nodeId && candidate.targetHandle === port.name);
    const source = edge && items.find((candidate) => candidate.nodeId === edge.source
      && candidate.port === edge.sourceHandle && candidate.kind === "image");
    if (source) return source;
  }
  return null;
}

/** The nearest picture made from `item` (the node its port feeds, else the next one on, ...): what became of an
 * original that has no input of its own; the first in canvas order among pictures as near. */
export function resultOf(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[]): ViewerItem | null {
  const seen = new Set([item.nodeId]);
  let reached = edges.filter((edge) => edge.source === item.nodeId && edge.sourceHandle === item.port)
    .map((edge) => edge.target);
  while (reached.length > 0) {
    const level = new Set(reached.filter((id) => !seen.has(id)));
    const found = items.find((candidate) => level.has(candidate.nodeId) && candidate.kind === "image");
    if (found) return found;
    level.forEach((id) => seen.add(id));
    reached = edges.filter((edge) => level.has(edge.source)).map((edge) => edge.target);
  }
  return null;
}

/** Whether node `later` is made, through any path of edges, from node `earlier`. */
const madeFrom = (later: string, earlier: string, edges: EditorEdge[]): boolean =>
  later !== earlier && upstreamOf(later, edges).includes(earlier);

/** Where `other` is drawn when the viewer, opened on `opened`, compares the two: Before when `opened` is made from
 * it, After when it is made from `opened`. Two pictures neither made from the other: an upload (an original) is
 * Before a result; otherwise the one compared with is Before the one opened. */
export function sideOf(opened: ViewerItem, other: ViewerItem, edges: EditorEdge[]): CompareSide {
  if (madeFrom(opened.nodeId, other.nodeId, edges)) return "before";
  if (madeFrom(other.nodeId, opened.nodeId, edges)) return "after";
  return opened.uploaded && !other.uploaded ? "after" : "before";
}
