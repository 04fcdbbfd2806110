// The Yjs document on the canvas, incrementally: only the nodes and edges a transaction changed are rebuilt, every
// other object keeps its identity (xyflow and the node components skip what did not change, so a 1,000-node graph
// stays smooth while others edit it). What only this screen knows (selection, measured size, a drag or resize under
// way) is kept from the node on screen and never comes from, or goes to, the document.

import type { DocNode, NodeSpec } from "../../api/types";
import { nodeSettings } from "../changedSince";
import { edgeOf, frameNode, studioNode } from "../graph/document";
import type { EditorEdge, EditorNode } from "../types";
import { readEdge, readGroup, readNode, type Roots } from "./ydoc";

export interface Graph {
  nodes: EditorNode[];
  edges: EditorEdge[];
}

/** `fresh` (from the document) with what only this screen knows taken from `shown` (the node on screen). */
function keepLocal(fresh: EditorNode, shown: EditorNode): EditorNode {
  const node: EditorNode = { ...fresh };
  if (shown.selected) node.selected = true;
  if (shown.measured) node.measured = shown.measured;
  if (shown.dragging) {
    node.dragging = true;
    node.position = shown.position;  // this user's drag wins on this screen until it ends (then it is written)
  }
  if (shown.resizing) {
    node.resizing = true;
    node.position = shown.position;
    node.width = shown.width;
    node.height = shown.height;
    node.style = shown.style;
  }
  return node;
}

function build(r: Roots, id: string): EditorNode | null {
  const doc = readNode(r, id);
  if (doc) return studioNode(doc);
  const group = readGroup(r, id);
  return group ? frameNode(group) : null;
}

/** `current` with the nodes in `nodeIds` and the edges in `edgeIds` rebuilt from the document (added, changed or
 * removed); frames stay before the nodes they hold, new frames first, new nodes last. The wires of a node whose type
 * changed (a misspelt type replaced) are rebuilt too: the type they carry, and so their colour, comes from it. */
export function reflect(r: Roots, current: Graph, nodeIds: Iterable<string>, edgeIds: Iterable<string>,
  specs: Map<string, NodeSpec>): Graph {
  const changed = [...nodeIds];
  const nodes = reflectNodes(r, current.nodes, changed);
  const retyped = retypedNodes(current.nodes, nodes, changed);
  const rewired = retyped.size === 0 ? edgeIds : new Set([...edgeIds, ...current.edges
    .filter((edge) => retyped.has(edge.source) || retyped.has(edge.target)).map((edge) => edge.id)]);
  return { nodes, edges: reflectEdges(r, current.edges, rewired, specs) };
}

const typeOf = (node: EditorNode) => (node.type === "frame" ? "frame" : (node.data as { nodeType?: string }).nodeType);

/** The nodes among `ids` whose type differs from `before` to `after`. */
function retypedNodes(before: EditorNode[], after: EditorNode[], ids: string[]): Set<string> {
  if (before === after || ids.length === 0) return new Set();
  const wanted = new Set(ids);
  const was = new Map(before.filter((node) => wanted.has(node.id)).map((node) => [node.id, typeOf(node)]));
  return new Set(after.filter((node) => was.has(node.id) && was.get(node.id) !== typeOf(node)).map((node) => node.id));
}

function reflectNodes(r: Roots, current: EditorNode[], ids: Iterable<string>): EditorNode[] {
  let index: Map<string, number> | null = null;
  let next: EditorNode[] | null = null;
  const removed = new Set<string>();
  const frames: EditorNode[] = [];
  const added: EditorNode[] = [];
  for (const id of ids) {
    index ??= new Map(current.map((node, i) => [node.id, i]));
    const at = index.get(id);
    const fresh = build(r, id);
    if (!fresh) {
      if (at !== undefined) removed.add(id);
    } else if (at === undefined) {
      (fresh.type === "frame" ? frames : added).push(fresh);
    } else {
      next ??= [...current];
      next[at] = keepLocal(fresh, current[at]);
    }
  }
  if (!next && removed.size === 0 && frames.length === 0 && added.length === 0) return current;
  let nodes = next ?? current;
  if (removed.size) nodes = nodes.filter((node) => !removed.has(node.id));
  return frames.length || added.length ? [...frames, ...nodes, ...added] : nodes === current ? [...nodes] : nodes;
}

function reflectEdges(r: Roots, current: EditorEdge[], ids: Iterable<string>, specs: Map<string, NodeSpec>):
  EditorEdge[] {
  let index: Map<string, number> | null = null;
  let next: EditorEdge[] | null = null;
  const removed = new Set<string>();
  const added: EditorEdge[] = [];
  for (const id of ids) {
    index ??= new Map(current.map((edge, i) => [edge.id, i]));
    const at = index.get(id);
    const doc = readEdge(r, id);
    if (!doc) {
      if (at !== undefined) removed.add(id);
      continue;
    }
    // its ends: the source's output types the wire, else (a source of an unknown type) the target's input
    const ends = new Map([doc.source, doc.target].map((end) => [end, readNode(r, end)] as const)
      .filter((entry): entry is [string, DocNode] => entry[1] !== null));
    const fresh = edgeOf(doc, specs, ends);
    if (at === undefined) {
      added.push(fresh);
    } else {
      next ??= [...current];
      next[at] = current[at].selected ? { ...fresh, selected: true } : fresh;
    }
  }
  if (!next && removed.size === 0 && added.length === 0) return current;
  let edges = next ?? current;
  if (removed.size) edges = edges.filter((edge) => !removed.has(edge.id));
  return added.length ? [...edges, ...added] : edges === current ? [...edges] : edges;
}

/** Everything the document holds, keeping the order (and what only this screen knows) of `current`'s nodes. */
export function reflectAll(r: Roots, current: Graph, specs: Map<string, NodeSpec>): Graph {
  const nodeIds = new Set([...current.nodes.map((n) => n.id), ...r.groups.keys(), ...r.nodes.keys()]);
  const edgeIds = new Set([...current.edges.map((e) => e.id), ...r.edges.keys()]);
  return reflect(r, current, nodeIds, edgeIds, specs);
}

/** The nodes whose settings (parameters, bypass) or incoming edges an update changed from `before` to `after`:
 * those whose run problems it may have answered. A node only moved, resized or renamed is not among them. */
export function editedNodes(before: Graph, after: Graph, changes: { nodes: ReadonlySet<string>;
  edges: ReadonlySet<string> }): string[] {
  const edited = new Set<string>();
  if (changes.nodes.size) {
    const was = new Map(before.nodes.map((node) => [node.id, node]));
    for (const node of after.nodes) {
      const earlier = was.get(node.id);  // a node new on this screen has shown no problem yet
      if (changes.nodes.has(node.id) && earlier && nodeSettings(node) !== nodeSettings(earlier)) edited.add(node.id);
    }
  }
  if (changes.edges.size) {
    const wiring = (edges: EditorEdge[]) => new Map(edges.filter((edge) => changes.edges.has(edge.id))
      .map((edge) => [edge.id, `${edge.source}.${edge.sourceHandle}>${edge.target}.${edge.targetHandle}`]));
    const [was, now] = [wiring(before.edges), wiring(after.edges)];
    for (const edge of [...before.edges, ...after.edges]) {
      if (changes.edges.has(edge.id) && was.get(edge.id) !== now.get(edge.id)) edited.add(edge.target);
    }
  }
  return [...edited];
}
