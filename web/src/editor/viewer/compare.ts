// What a picture in the viewer is compared with, and which of the two is Before: the one the other was made from
// (the node's input, the original upload) is always Before and the one made from it After, whichever of the two
// the viewer was opened on. A comparison never starts on two sides showing the same picture (a Crop of the whole
// picture and the Save after it): the nearest picture that differs is taken instead (samePixels.ts reads pictures of
// two assets).

import type { NodeSpec } from "../../api/types";
import { listInWords } from "../../words";
import { upstreamOf } from "../graph/search";
import type { EditorEdge, EditorNode } from "../types";
import type { ViewerItem } from "./results";

/** The side of the divider a compared picture is drawn on: Before on the left, After on the right. */
export type CompareSide = "before" | "after";

/** Whether two results are one asset, so one picture (two Saves of one picture in one format; the cache handing on
 * what a node made before). Two assets may hold one picture too: samePixels.ts reads them. */
export function sameAsset(a: ViewerItem, b: ViewerItem): boolean {
  if (a.output.asset_id || b.output.asset_id) return a.output.asset_id === b.output.asset_id;
  return a.output.url !== undefined && a.output.url === b.output.url;
}

/** "Nothing to compare: Crop · image is this same picture": why Compare shows no second picture, where every other
 * result (`same`) is the picture opened. */
export function nothingToCompareText(same: readonly ViewerItem[]): string {
  const titles = same.map((other) => other.title);
  return `Nothing to compare: ${listInWords(titles)} ${titles.length === 1 ? "is" : "are"} this same picture`;
}

/** The pictures wired into a node's picture inputs (image or mask), in the order of its inputs. */
function picturesInto(nodeId: string, items: ViewerItem[], edges: EditorEdge[], nodes: EditorNode[],
  specsByType: Map<string, NodeSpec>): ViewerItem[] {
  const node = nodes.find((candidate) => candidate.id === nodeId);
  const spec = node?.type === "studio" ? specsByType.get(node.data.nodeType) : undefined;
  const ports = (spec?.inputs ?? []).filter((port) => port.type === "image" || port.type === "mask");
  return ports.flatMap((port) => {
    const edge = edges.find((candidate) => candidate.target === nodeId && candidate.targetHandle === port.name);
    const source = edge && items.find((candidate) => candidate.nodeId === edge.source
      && candidate.port === edge.sourceHandle && candidate.kind === "image");
    return source ? [source] : [];
  });
}

/** The pictures upstream of `item`, nearest first: those wired into its node's picture inputs (in the order of its
 * inputs), then those wired into theirs, and so on up. */
function upstreamPictures(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[], nodes: EditorNode[],
  specsByType: Map<string, NodeSpec>): ViewerItem[] {
  const found: ViewerItem[] = [];
  const seen = new Set([item.nodeId]);
  let level = [item.nodeId];
  while (level.length > 0) {
    const inputs = level.flatMap((nodeId) => picturesInto(nodeId, items, edges, nodes, specsByType));
    found.push(...inputs);
    level = [...new Set(inputs.map((input) => input.nodeId))].filter((nodeId) => !seen.has(nodeId));
    level.forEach((nodeId) => seen.add(nodeId));
  }
  return found;
}

/** The pictures made from `item`, nearest first (the node its port feeds, else the next one on, ...), the first in
 * canvas order among pictures as near. */
function downstreamPictures(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[]): ViewerItem[] {
  const found: ViewerItem[] = [];
  const seen = new Set([item.nodeId]);
  let reached = edges.filter((edge) => edge.source === item.nodeId && edge.sourceHandle === item.port)
    .map((edge) => edge.target);
  while (reached.length > 0) {
    const level = new Set(reached.filter((id) => !seen.has(id)));
    found.push(...items.filter((candidate) => level.has(candidate.nodeId) && candidate.kind === "image"));
    level.forEach((id) => seen.add(id));
    reached = edges.filter((edge) => level.has(edge.source)).map((edge) => edge.target);
  }
  return found;
}

/** The picture a before/after comparison of `item` starts from, as far as assets tell: the result on the other end
 * of its node's first image or mask input; where that is `item`'s own asset, the one that went into that node, and
 * so on up (the nearest other asset); null when there is none upstream. */
export function inputOf(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[],
  nodes: EditorNode[], specsByType: Map<string, NodeSpec>): ViewerItem | null {
  return upstreamPictures(item, items, edges, nodes, specsByType).find((input) => !sameAsset(input, item)) ?? null;
}

/** The nearest picture made from `item` that is another asset: what became of an original that has no input of its
 * own. */
export function resultOf(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[]): ViewerItem | null {
  return downstreamPictures(item, items, edges).find((made) => !sameAsset(made, item)) ?? null;
}

/** Every other picture `item` may be compared with, in the order Compare tries them: those it was made from
 * (nearest first), then those made from it, then the rest in canvas order; none of the same asset. */
export function compareOrder(item: ViewerItem, items: ViewerItem[], edges: EditorEdge[], nodes: EditorNode[],
  specsByType: Map<string, NodeSpec>): ViewerItem[] {
  const order = [...upstreamPictures(item, items, edges, nodes, specsByType), ...downstreamPictures(item, items, edges),
    ...items.filter((other) => other.kind === "image")];
  return [...new Set(order)].filter((other) => other.key !== item.key && !sameAsset(other, item));
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
