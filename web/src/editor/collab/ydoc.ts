// The workflow as a Yjs document, and back: the editor's mirror of karate/collab/document.py (read its docstring;
// both sides must agree on this shape, key for key).
//
// Root types of the document:
// - `nodes`: Y.Map, node id -> Y.Map with `type`, `params` (Y.Map, parameter name -> JSON value) and, as JSON
//   values when set, `position` ({x, y}), `parentId`, `title`, `collapsed`, `bypass` (and any other key a node
//   carries). Two people changing two parameters of one node both keep their change.
// - `edges`: Y.Map, edge id -> JSON {source, sourceHandle, target, targetHandle} (null handles left out).
// - `groups`: Y.Map, frame id -> Y.Map with `title`, `position`, `width`, `height` as JSON values.
// - `meta`: Y.Map, the document's other top-level keys (`schema_version`, `thumbnail`) as JSON values.
// - `deletions`: Y.Map, who deleted which node and who put it back (deletions.ts); not part of the workflow.

import * as Y from "yjs";
import type { DocEdge, DocGroup, DocNode, WorkflowDocument } from "../../api/types";
import { docEdgeId } from "../graph/document";

export const NODES = "nodes";
export const EDGES = "edges";
export const GROUPS = "groups";
export const META = "meta";
export const PARAMS = "params";
export const SCHEMA_VERSION = 1;

/** The four root maps of a workflow document (created empty on first use). */
export interface Roots {
  nodes: Y.Map<Y.Map<unknown>>;
  edges: Y.Map<Record<string, unknown>>;
  groups: Y.Map<Y.Map<unknown>>;
  meta: Y.Map<unknown>;
}

export function roots(doc: Y.Doc): Roots {
  return {
    nodes: doc.getMap(NODES), edges: doc.getMap(EDGES), groups: doc.getMap(GROUPS), meta: doc.getMap(META),
  };
}

/** Whether two JSON values are equal (object key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => sameJson(value, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  return keys.length === Object.keys(right).filter((k) => right[k] !== undefined).length
    && keys.every((k) => sameJson(left[k], right[k]));
}

// A NUL, or half of a UTF-16 surrogate pair: text no database stores, which the studio refuses
// (karate/services/text.py `check_text`). Pasted text sometimes carries them.
// eslint-disable-next-line no-control-regex -- the NUL is what this finds
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A JSON value as the document may hold it: in every string, NULs dropped and a lone surrogate made U+FFFD (as
 * `String.prototype.toWellFormed` does). Written as typed, one such character would make the whole graph fail the
 * server's checks: no edit after it would be saved. */
export function storable(value: unknown): unknown {
  if (typeof value === "string") return value.replace(UNSTORABLE, (c) => (c === "\u0000" ? "" : "\uFFFD"));
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)]));
  }
  return value;
}

/** Write a JSON value (`storable`) unless it is already there (an unchanged write would still be an update);
 * null and undefined delete the key, as Python's `_set_json` does. */
export function setJson(target: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === null || value === undefined) {
    if (target.has(key)) target.delete(key);
    return;
  }
  const stored = storable(value);
  if (!target.has(key) || !sameJson(target.get(key), stored)) target.set(key, stored);
}

/** Make `target` hold `wanted`'s keys and values; keys in `nested` are Y.Maps synced key by key. */
function syncMap(target: Y.Map<unknown>, wanted: Record<string, unknown>, nested: ReadonlySet<string> = new Set()):
  void {
  for (const key of [...target.keys()]) {
    if (!(key in wanted) || wanted[key] === null || wanted[key] === undefined) target.delete(key);
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (nested.has(key) && value !== null && typeof value === "object" && !Array.isArray(value)) {
      let current = target.get(key);
      if (!(current instanceof Y.Map)) {
        current = new Y.Map<unknown>();
        target.set(key, current);
      }
      syncMap(current as Y.Map<unknown>, value as Record<string, unknown>);
    } else {
      setJson(target, key, value);
    }
  }
}

const WITH_PARAMS: ReadonlySet<string> = new Set([PARAMS]);

/** A node's fields as the document keeps them: no id, unset ones left out, `params` always there. */
function nodeFields(node: DocNode): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== "id" && value !== null && value !== undefined) fields[key] = value;
  }
  fields[PARAMS] = { ...(node.params ?? {}) };
  return fields;
}

/** Make the document's node `node.id` hold `node`, writing only what differs. */
export function writeNode(r: Roots, node: DocNode): void {
  let current = r.nodes.get(node.id);
  if (!(current instanceof Y.Map)) {
    current = new Y.Map<unknown>();
    r.nodes.set(node.id, current);
  }
  syncMap(current, nodeFields(node), WITH_PARAMS);
}

/** Make the document's frame `group.id` hold `group`, writing only what differs. */
export function writeGroup(r: Roots, group: DocGroup): void {
  let current = r.groups.get(group.id);
  if (!(current instanceof Y.Map)) {
    current = new Y.Map<unknown>();
    r.groups.set(group.id, current);
  }
  const { id: _id, ...fields } = group;
  syncMap(current, fields);
}


function edgeValue(edge: DocEdge): Record<string, unknown> {
  return Object.fromEntries(Object.entries(edge).filter(([key, value]) => key !== "id" && value !== null
    && value !== undefined));
}

export function writeEdge(r: Roots, edge: DocEdge): void {
  setJson(r.edges as Y.Map<unknown>, docEdgeId(edge), edgeValue(edge));
}

/** Take a node or frame (and nothing else) out of the document. */
export function deleteNode(r: Roots, id: string): void {
  if (r.nodes.has(id)) r.nodes.delete(id);
  if (r.groups.has(id)) r.groups.delete(id);
}

export function deleteEdge(r: Roots, id: string): void {
  if (r.edges.has(id)) r.edges.delete(id);
}

/**
 * Change `doc` into `document` in one transaction, touching only what differs: a node whose one parameter changed
 * gets that one key written, so concurrent edits of its other parameters survive (Python's `apply_document`).
 * `origin` marks the transaction (the editor's own origin makes it one undoable step).
 */
export function applyDocument(doc: Y.Doc, document: WorkflowDocument, origin: unknown = null): void {
  const r = roots(doc);
  doc.transact(() => {
    const wantedNodes = new Map(document.nodes.map((node) => [node.id, node]));
    for (const id of [...r.nodes.keys()]) if (!wantedNodes.has(id)) r.nodes.delete(id);
    for (const node of wantedNodes.values()) writeNode(r, node);

    const wantedEdges = new Map(document.edges.map((edge) => [docEdgeId(edge), edge]));
    for (const id of [...r.edges.keys()]) if (!wantedEdges.has(id)) r.edges.delete(id);
    for (const edge of wantedEdges.values()) writeEdge(r, edge);

    const wantedGroups = new Map((document.groups ?? []).map((group) => [group.id, group]));
    for (const id of [...r.groups.keys()]) if (!wantedGroups.has(id)) r.groups.delete(id);
    for (const group of wantedGroups.values()) writeGroup(r, group);

    const meta: Record<string, unknown> = Object.fromEntries(Object.entries(document)
      .filter(([key]) => key !== NODES && key !== EDGES && key !== GROUPS));
    meta.schema_version ??= SCHEMA_VERSION;
    syncMap(r.meta, meta);
  }, origin);
}

/** A new document holding `document` (its writes marked with `origin`). */
export function docFromDocument(document: WorkflowDocument, origin: unknown = null): Y.Doc {
  const doc = new Y.Doc();
  applyDocument(doc, document, origin);
  return doc;
}

/** The document's node `id`, or null when there is none. */
export function readNode(r: Roots, id: string): DocNode | null {
  const value = r.nodes.get(id);
  if (!(value instanceof Y.Map)) return null;
  const fields = value.toJSON() as Record<string, unknown>;
  return { ...fields, id, type: typeof fields.type === "string" ? fields.type : "", params: (fields[PARAMS] ?? {}) as DocNode["params"] };
}

/** The document's frame `id`, or null when there is none. */
export function readGroup(r: Roots, id: string): DocGroup | null {
  const value = r.groups.get(id);
  if (!(value instanceof Y.Map)) return null;
  const fields = value.toJSON() as Partial<DocGroup>;
  return { ...fields, id, title: fields.title ?? "", position: fields.position ?? { x: 0, y: 0 },
    width: fields.width ?? 300, height: fields.height ?? 200 };
}

/** The document's edge `id`, or null; missing handles read as null. */
export function readEdge(r: Roots, id: string): DocEdge | null {
  const value = r.edges.get(id);
  if (!value || typeof value !== "object") return null;
  return { sourceHandle: null, targetHandle: null, ...value, id } as DocEdge;
}

/** `ids` in the order `previous` had them, new ones after in the order given. */
function ordered(ids: Iterable<string>, previous: ReadonlyArray<{ id?: string | null }> | undefined): string[] {
  const all = [...ids];
  const present = new Set(all);
  const known = (previous ?? []).map((item) => item.id ?? "").filter((id) => present.has(id));
  const seen = new Set(known);
  return [...known, ...all.filter((id) => !seen.has(id))];
}

/** The workflow document `doc` holds (as Python's `document_of`): nodes, edges and groups in the order `previous`
 * had them, new ones after. */
export function documentOf(doc: Y.Doc, previous?: WorkflowDocument): WorkflowDocument {
  const r = roots(doc);
  const nodes = ordered(r.nodes.keys(), previous?.nodes).map((id) => readNode(r, id)!).filter(Boolean);
  const previousEdges = previous?.edges.map((edge) => ({ id: docEdgeId(edge) }));
  const edges = ordered(r.edges.keys(), previousEdges).map((id) => readEdge(r, id)!).filter(Boolean);
  const groups = ordered(r.groups.keys(), previous?.groups ?? undefined).map((id) => readGroup(r, id)!);
  return {
    schema_version: SCHEMA_VERSION,
    ...(r.meta.toJSON() as Record<string, unknown>),
    nodes,
    edges,
    ...(groups.length ? { groups } : {}),
  };
}
