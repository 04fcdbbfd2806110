// Which nodes changed since a run: what a node's result no longer shows ("Changed" on its badge), and which
// failures no longer apply (a node edited since its failure). Pure: the graph against the run's document.

import type { DocEdge, WorkflowDocument } from "../api/types";
import { isStudioNode, type EditorEdge, type EditorNode } from "./types";

/** A value with its null and undefined members left out and object keys in order, to compare as text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== null && member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => [key, canonical(member)]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b ?? {}));

/** A node's incoming edges as one comparable string ("photo.image>image,prompt.text>prompt"). */
const incoming = (edges: ReadonlyArray<DocEdge | EditorEdge>, nodeId: string): string =>
  edges.filter((edge) => edge.target === nodeId)
    .map((edge) => `${edge.source}.${edge.sourceHandle ?? ""}>${edge.targetHandle ?? ""}`).sort().join(",");

/**
 * The canvas's studio nodes that changed since `document` ran: their parameters, bypass or incoming edges
 * differ from the run's (or the run did not have them), and every node downstream of such a node (what
 * they fed it is different now). Empty when the run has no document (nothing can be told).
 */
export function changedSince(document: WorkflowDocument | null | undefined, nodes: readonly EditorNode[],
  edges: readonly EditorEdge[]): Set<string> {
  if (!document) return new Set();
  const ran = new Map(document.nodes.map((node) => [node.id, node]));
  const changed = new Set<string>();
  for (const node of nodes) {
    if (!isStudioNode(node)) continue;
    const before = ran.get(node.id);
    if (!before || before.type !== node.data.nodeType || !same(before.params, node.data.params)
      || (before.bypass === true) !== (node.data.bypass === true)
      || incoming(document.edges, node.id) !== incoming(edges, node.id)) changed.add(node.id);
  }
  const targets = new Map<string, string[]>();
  for (const edge of edges) targets.set(edge.source, [...(targets.get(edge.source) ?? []), edge.target]);
  const queue = [...changed];
  while (queue.length) {
    for (const below of targets.get(queue.pop()!) ?? []) {
      if (changed.has(below)) continue;
      changed.add(below);
      queue.push(below);
    }
  }
  return changed;
}

const NONE: ReadonlySet<string> = new Set();

interface Seen {
  document: WorkflowDocument;
  nodes: readonly EditorNode[];
  edges: readonly EditorEdge[];
  data: unknown[];
  changed: ReadonlySet<string>;
}

let seen: Seen | null = null;

/**
 * `changedSince` the shown run's document (`ranDocument`) for the canvas now, for every node's badge at once: worked
 * out again only when a node's data (its parameters, bypass) or the edges changed, not when nodes move or are
 * selected, so a drag of 500 nodes does not compare 500 nodes' parameters each frame.
 */
export function changedSinceRun(state: { ranDocument: WorkflowDocument | null; nodes: readonly EditorNode[];
  edges: readonly EditorEdge[] }): ReadonlySet<string> {
  const { ranDocument: document, nodes, edges } = state;
  if (!document) return NONE;
  if (seen && seen.document === document && seen.nodes === nodes && seen.edges === edges) return seen.changed;
  const data = nodes.map((node) => node.data);
  if (seen && seen.document === document && seen.edges === edges && seen.data.length === data.length
    && seen.data.every((item, index) => item === data[index])) {
    seen = { ...seen, nodes };
    return seen.changed;
  }
  seen = { document, nodes, edges, data, changed: changedSince(document, nodes, edges) };
  return seen.changed;
}
