// Which nodes changed since a run: what a node's result no longer shows ("Changed" on its badge), and which
// failures no longer apply (a node edited since its failure). Pure: each node's key over its settings and all
// above it, now against as the run had it.

import type { DocEdge, NodeSpec, PortSpec, WorkflowDocument } from "../api/types";
import { connectionProblem } from "./graph/ports";
import { defaultParams, uploadNameParam } from "./graph/schemaForm";
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

/** A node as far as its result goes: its type, parameters and bypass (`settings`, as comparable text). */
interface Made {
  id: string;
  type: string;
  bypass: boolean;
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

/** Per node type, the parameter that names the file an upload field holds (hint `file-name`): it says what the file
 * is called, not what the node makes, so it is no part of a key, as the server leaves it out of its cache key. */
let fileNameParams = new Map<string, string>();
/** Per node type, its ports: what a bypassed node of that type passes on (`unbypassed`). */
let portsByType = new Map<string, Pick<NodeSpec, "inputs" | "outputs">>();
/** Per node type, its parameters' defaults: a parameter left out runs at its default, and the server's key counts it
 * so (a node saved without `radius` and one set to the default radius make the same result). */
let defaultsByType = new Map<string, Record<string, unknown>>();

/** What keys take from the node catalog; set with it (`setSpecs`). */
export function setKeySpecs(specs: readonly NodeSpec[]): void {
  fileNameParams = new Map(specs.flatMap((spec) => {
    const name = uploadNameParam(spec.params_schema);
    return name ? [[spec.type, name] as const] : [];
  }));
  portsByType = new Map(specs.map((spec) => [spec.type, spec]));
  defaultsByType = new Map(specs.map((spec) => [spec.type, defaultParams(spec.params_schema)]));
}

/** Where the output `port` of node `id` really comes from once bypassed nodes are wired around, as the server wires
 * them (karate/engine/bypass.py): a bypassed node's output is fed from its first connected input, in its type's input
 * order, of the output's kind (else the first that connects to it), followed through a chain of bypassed nodes; null
 * when nothing can feed it (the server reports a problem, and what reads it does not run). */
function unbypassed(made: ReadonlyMap<string, Made>, into: ReadonlyMap<string, readonly Wire[]>, id: string,
  port: string | null | undefined): [string, string | null | undefined] | null {
  const visiting = new Set<string>();
  const resolve = (nodeId: string, output: string | null | undefined): [string, string | null | undefined] | null => {
    const node = made.get(nodeId);
    const spec = node?.bypass ? portsByType.get(node.type) : undefined;
    if (!spec) return [nodeId, output];  // runs (or is of a type this page does not know: as before)
    if (visiting.has(nodeId)) return null;  // bypassed nodes feeding each other in a loop pass nothing on
    const wanted = outputOf(spec, output);
    if (!wanted) return null;
    visiting.add(nodeId);
    const candidates: [[string, string | null | undefined], PortSpec][] = [];
    for (const input of spec.inputs) {
      const feed = into.get(nodeId)?.find((edge) => edge.targetHandle === input.name);
      const source = feed ? resolve(feed.source, feed.sourceHandle) : null;
      const given = source ? outputOfNode(made, source) : undefined;
      if (source && given) candidates.push([source, given]);
    }
    visiting.delete(nodeId);
    const same = candidates.find(([, given]) => given.type === wanted.type && given.list === wanted.list);
    return (same ?? candidates.find(([, given]) => connectionProblem(given, wanted) === null))?.[0] ?? null;
  };
  return resolve(id, port);
}

/** A node type's output `port` (its only one when the edge names none, as the server picks it). */
const outputOf = (spec: Pick<NodeSpec, "outputs">, port: string | null | undefined): PortSpec | undefined =>
  port == null && spec.outputs.length === 1 ? spec.outputs[0] : spec.outputs.find((output) => output.name === port);

const outputOfNode = (made: ReadonlyMap<string, Made>, [id, port]: [string, string | null | undefined]) => {
  const spec = portsByType.get(made.get(id)?.type ?? "");
  return spec ? outputOf(spec, port) : undefined;
};

/**
 * Each node's key for what its result is made from: its settings and, through its incoming edges, the keys of the
 * nodes feeding it (as a cache key is made). Two graphs give a node the same key when nothing above it changed. An
 * edge from a bypassed node counts as one from what really feeds it (`unbypassed`), as the server keys it: what a
 * bypassed node is set to is no part of what the nodes below it make.
 */
function graphKeys(nodes: readonly Made[], edges: readonly Wire[]): Map<string, string> {
  const made = new Map(nodes.map((node) => [node.id, node]));
  const into = new Map<string, Wire[]>();
  for (const edge of edges) into.set(edge.target, [...(into.get(edge.target) ?? []), edge]);
  const keys = new Map<string, string>();
  const visiting = new Set<string>();
  // nothing to feed it (a bypassed node with nothing of the kind to pass on): the server drops the link
  const input = (edge: Wire): string => {
    const source = unbypassed(made, into, edge.source, edge.sourceHandle);
    return `${source ? `${key(source[0])}.${source[1] ?? ""}` : ""}>${edge.targetHandle ?? ""}`;
  };
  const key = (id: string): string => {
    const known = keys.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id) || !made.has(id)) return "";  // a loop, or an edge from no node: nothing above
    visiting.add(id);
    const inputs = (into.get(id) ?? []).map(input).sort();
    visiting.delete(id);
    const result = hash(`${made.get(id)!.settings}|${inputs.join(",")}`);
    keys.set(id, result);
    return result;
  };
  for (const node of nodes) key(node.id);
  return keys;
}

/** What a node of `type` runs with, as far as its result goes: its parameters over their defaults, without the name
 * of the file an upload field holds. */
function resultParams(type: string, params: unknown): unknown {
  if (params === null || typeof params !== "object") return params;
  const whole = { ...defaultsByType.get(type), ...(params as Record<string, unknown>) };
  const named = fileNameParams.get(type);
  if (!named || !(named in whole)) return whole;
  const { [named]: _, ...rest } = whole;
  return rest;
}

const settingsOf = (type: string, params: unknown, bypass: boolean | undefined | null) =>
  JSON.stringify([type, canonical(resultParams(type, params) ?? {}), bypass === true]);

/** The keys of the nodes of a run's `document` that `ran` names (all of them when `ran` is absent). */
export function runKeys(document: WorkflowDocument | null | undefined, ran?: Iterable<string>):
  Record<string, string> {
  if (!document) return {};
  const keys = graphKeys(document.nodes.map((node) => ({ id: node.id, type: node.type, bypass: node.bypass === true,
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
  return graphKeys(nodes.filter(isStudioNode).map((node) => ({ id: node.id, type: node.data.nodeType,
    bypass: node.data.bypass === true, settings: nodeSettings(node)! })), edges);
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

/** Why a result says "Changed": an edit that a run remakes it after (`edited`), or one a run cannot remake it after:
 * the node is now of a type this studio does not know (`unknown-type`: an undone "Replace with …"), or a node it needs
 * is (`unknown-above`). */
export type ChangedWhy = "edited" | "unknown-type" | "unknown-above";

let belowSeen: { data: unknown[]; edges: readonly EditorEdge[]; specs: ReadonlyMap<string, unknown>;
  below: ReadonlySet<string> } | null = null;

/** The studio nodes below a node of a type this studio does not know (through any wires), worked out again only when
 * a node's data, the edges or the catalog change. */
function belowUnknownType(state: { nodes: readonly EditorNode[]; edges: readonly EditorEdge[];
  specsByType: ReadonlyMap<string, unknown> }): ReadonlySet<string> {
  const { nodes, edges, specsByType: specs } = state;
  const data = nodes.map((node) => node.data);
  if (belowSeen && belowSeen.edges === edges && belowSeen.specs === specs && belowSeen.data.length === data.length
    && belowSeen.data.every((item, index) => item === data[index])) return belowSeen.below;
  const out = new Map<string, string[]>();
  for (const edge of edges) out.set(edge.source, [...(out.get(edge.source) ?? []), edge.target]);
  const below = new Set<string>();
  const next = nodes.filter(isStudioNode).filter((node) => !specs.has(node.data.nodeType)).map((node) => node.id);
  while (next.length) {
    for (const target of out.get(next.pop()!) ?? []) {
      if (!below.has(target)) {
        below.add(target);
        next.push(target);
      }
    }
  }
  belowSeen = { data, edges, specs, below };
  return below;
}

/** Why node `nodeId` (of type `nodeType`) shows "Changed" (showsChanged), for its badge to say what to do; null when
 * it does not. */
export function changedWhy(state: Parameters<typeof showsChanged>[0] & { specsByType: ReadonlyMap<string, unknown> },
  nodeId: string, nodeType: string): ChangedWhy | null {
  if (!showsChanged(state, nodeId, nodeType)) return null;
  if (!state.specsByType.has(nodeType)) return "unknown-type";
  return belowUnknownType(state).has(nodeId) ? "unknown-above" : "edited";
}
