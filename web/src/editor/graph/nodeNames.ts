// What the user calls each node in words: the title they gave it, else its type's title; nodes that would read the
// same are told apart by number in the order they were added ("Blur (1)", "Blur (2)": their ids, "blur-1" before
// "blur-2"), which moving a node or reloading the page does not change. Every place that names nodes in words and
// not on the node itself (an edge's label, a version's difference) names them so.

import type { NodeSpec } from "../../api/types";
import { isStudioNode, type EditorNode, type StudioNode } from "../types";

/** The title a node shows: the name the user gave it, else its type's title, else its type id. */
export function shownTitle(node: StudioNode, specs: ReadonlyMap<string, NodeSpec>): string {
  return node.data.title?.trim() || specs.get(node.data.nodeType)?.title || node.data.nodeType;
}

/** The order nodes were added in: their ids ("blur-2" before "blur-10"), numbers compared as numbers. */
const ids = new Intl.Collator("en", { numeric: true });  // one collator: localeCompare builds one per call
const byId = (a: StudioNode, b: StudioNode) => ids.compare(a.id, b.id);

/** Each studio node's name in words, by id: its shown title, numbered in the order added where titles repeat. */
export function nodeNames(nodes: readonly EditorNode[], specs: ReadonlyMap<string, NodeSpec>): Map<string, string> {
  const names = new Map<string, string>();
  const sharing = new Map<string, StudioNode[]>();
  for (const node of nodes) {
    if (!isStudioNode(node)) continue;
    const title = shownTitle(node, specs);
    names.set(node.id, title);
    const same = sharing.get(title);
    if (same) same.push(node);
    else sharing.set(title, [node]);
  }
  for (const [title, same] of sharing) {
    if (same.length < 2) continue;
    [...same].sort(byId).forEach((node, index) => names.set(node.id, `${title} (${index + 1})`));
  }
  return names;
}

let namedFrom: { nodes: readonly EditorNode[]; specs: ReadonlyMap<string, NodeSpec> } | null = null;
let lastNames: ReadonlyMap<string, string> = new Map();

/** nodeNames of the canvas's graph for the many who ask on every change (each node, each edge): worked out once per
 * graph, and the same object while no name changed (a drag moves nodes every frame, and seldom past a namesake), so
 * what depends on the names re-renders only when one does. */
export function canvasNames(nodes: readonly EditorNode[], specs: ReadonlyMap<string, NodeSpec>):
  ReadonlyMap<string, string> {
  if (namedFrom?.nodes === nodes && namedFrom.specs === specs) return lastNames;
  namedFrom = { nodes, specs };
  const names = nodeNames(nodes, specs);
  const same = names.size === lastNames.size && [...names].every(([id, name]) => lastNames.get(id) === name);
  if (!same) lastNames = names;
  return lastNames;
}
