// Which nodes changed since a run: what a node's result no longer shows ("Changed" on its badge), and which
// failures no longer apply (a node edited since its failure). Pure: each node's key over its settings and all
// above it, now against as the run had it.

import type { DocEdge, NodeSpec, WorkflowDocument } from "../api/types";
import { uploadNameParam } from "./graph/schemaForm";
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

// --- what each result was made from --------------------------------------------------------------------------

/** A node as far as its result goes: its type, parameters and bypass. */
interface Made {
  id: string;
  settings: string;
}

type Wire = Pick<DocEdge, "source" | "sourceHandle" | "target" | "targetHandle">;

/** 53 bits of a string (cyrb53), as a short key. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Each node's key for what its result is made from: its settings and, through its incoming edges, the keys of the
 * nodes feeding it (as a cache key is made). Two graphs give a node the same key when nothing above it changed.
 */
function graphKeys(nodes: readonly Made[], edges: readonly Wire[]): Map<string, string> {
  const settings = new Map(nodes.map((node) => [node.id, node.settings]));
  const into = new Map<string, Wire[]>();
  for (const edge of edges) into.set(edge.target, [...(into.get(edge.target) ?? []), edge]);
  const keys = new Map<string, string>();
  const visiting = new Set<string>();
  const key = (id: string): string => {
    const known = keys.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id) || !settings.has(id)) return "";  // a loop, or an edge from no node: nothing above
    visiting.add(id);
    const inputs = (into.get(id) ?? []).map((edge) => `${key(edge.source)}.${edge.sourceHandle ?? ""}>`
      + `${edge.targetHandle ?? ""}`).sort();
    visiting.delete(id);
    const made = hash(`${settings.get(id)}|${inputs.join(",")}`);
    keys.set(id, made);
    return made;
  };
  for (const node of nodes) key(node.id);
  return keys;
}

/** Per node type, the parameter that names the file an upload field holds (hint `file-name`): it says what the file
 * is called, not what the node makes, so it is no part of a key, as the server leaves it out of its cache key. Set
 * with the node catalog (`setSpecs`). */
let fileNameParams = new Map<string, string>();

export function setFileNameParams(specs: readonly NodeSpec[]): void {
  fileNameParams = new Map(specs.flatMap((spec) => {
    const name = uploadNameParam(spec.params_schema);
    return name ? [[spec.type, name] as const] : [];
  }));
}

function resultParams(type: string, params: unknown): unknown {
  const named = fileNameParams.get(type);
  if (!named || params === null || typeof params !== "object" || !(named in params)) return params;
  const { [named]: _, ...rest } = params as Record<string, unknown>;
  return rest;
}

const settingsOf = (type: string, params: unknown, bypass: boolean | undefined | null) =>
  JSON.stringify([type, canonical(resultParams(type, params) ?? {}), bypass === true]);

/** The keys of the nodes of a run's `document` that `ran` names (all of them when `ran` is absent). */
export function runKeys(document: WorkflowDocument | null | undefined, ran?: Iterable<string>):
  Record<string, string> {
  if (!document) return {};
  const keys = graphKeys(document.nodes.map((node) => ({ id: node.id,
    settings: settingsOf(node.type, node.params, node.bypass) })), document.edges);
  const wanted = ran ? new Set(ran) : null;
  return Object.fromEntries([...keys].filter(([id]) => !wanted || wanted.has(id)));
}

/** What a node's result depends on of the node itself (type, parameters, bypass), as comparable text; null for a
 * frame. */
export function nodeSettings(node: EditorNode): string | null {
  return isStudioNode(node) ? settingsOf(node.data.nodeType, node.data.params, node.data.bypass) : null;
}

/** The canvas's keys: its studio nodes and edges. */
function canvasKeys(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): Map<string, string> {
  return graphKeys(nodes.filter(isStudioNode).map((node) => ({ id: node.id, settings: nodeSettings(node)! })),
    edges);
}

/**
 * The canvas's studio nodes that changed since `document` ran: their parameters, bypass or incoming edges differ
 * from the run's (or the run did not have them), or a node above them did (what it fed them is different now).
 * Empty when the run has no document (nothing can be told).
 */
export function changedSince(document: WorkflowDocument | null | undefined, nodes: readonly EditorNode[],
  edges: readonly EditorEdge[]): Set<string> {
  if (!document) return new Set();
  const ran = runKeys(document);
  return new Set([...canvasKeys(nodes, edges)].filter(([id, key]) => ran[id] !== key).map(([id]) => id));
}

const NONE: ReadonlySet<string> = new Set();

interface Seen {
  ran: Readonly<Record<string, string>>;
  nodes: readonly EditorNode[];
  edges: readonly EditorEdge[];
  data: unknown[];
  changed: ReadonlySet<string>;
}

let seen: Seen | null = null;

/**
 * The nodes whose result on screen was made from other settings than the canvas has now, theirs or those of a node
 * above them (`ranKeys`: each result's key as its run made it, runKeys). For every node's badge at once: worked out
 * again only when a node's data (its parameters, bypass), the edges or the runs change, not when nodes move or are
 * selected, so a drag of 500 nodes does not compare 500 nodes' parameters each frame.
 */
export function changedSinceRun(state: { ranKeys: Readonly<Record<string, string>>; nodes: readonly EditorNode[];
  edges: readonly EditorEdge[] }): ReadonlySet<string> {
  const { ranKeys: ran, nodes, edges } = state;
  if (Object.keys(ran).length === 0) return NONE;
  if (seen && seen.ran === ran && seen.nodes === nodes && seen.edges === edges) return seen.changed;
  const data = nodes.map((node) => node.data);
  if (seen && seen.ran === ran && seen.edges === edges && seen.data.length === data.length
    && seen.data.every((item, index) => item === data[index])) {
    seen = { ...seen, nodes };
    return seen.changed;
  }
  const now = canvasKeys(nodes, edges);
  const changed = new Set([...now].filter(([id, key]) => ran[id] !== undefined && ran[id] !== key).map(([id]) => id));
  seen = { ran, nodes, edges, data, changed };
  return seen.changed;
}

/** Whether node `nodeId` (of type `nodeType`) shows "Changed": it has a result, and it or a node it needs was edited
 * since. Not an input node: it shows what it holds now (its upload, its text), so "Changed" would only puzzle. */
export function showsChanged(state: Parameters<typeof changedSinceRun>[0] & {
  nodeRuns: Readonly<Record<string, { status: string }>> }, nodeId: string, nodeType: string): boolean {
  return state.nodeRuns[nodeId]?.status === "completed" && !nodeType.startsWith("input.")
    && changedSinceRun(state).has(nodeId);
}
