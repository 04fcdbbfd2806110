// Two nodes added at the same moment on two pages under one id: each page names a new node after the ids it knows
// ("blur-1"), the document keeps one entry per id, and one of the two nodes would be lost, silently, for everyone.
// The page whose node lost puts it back under an id of its own ("blur-1-k3"), as this page has it (settings, name,
// place, frame), with its connections and, for a frame, the nodes in it moved over: one write, which undoing the add
// takes back with the node. Every page then has both. (A page closed before the other's node reached it cannot.)

import type { NodeChange } from "@xyflow/react";
import * as Y from "yjs";
import type { StoreApi } from "zustand";
import type { DocGroup, DocNode } from "../../api/types";
import { edgeId, nextNodeId, pageIdSuffix } from "../graph/ids";
import type { EditorState } from "../store/editorStore";
import type { EditorNode } from "../types";
import { bindingOf } from "./binding";
import { deleteEdge, readGroup, readNode, roots, setJson, writeEdge, writeGroup, writeNode } from "./ydoc";

/** The origin of the write that puts a node back. */
export const SAME_ID_ORIGIN = "same-id";

/** Where a lost node was put back: its old id -> its new one. */
export type Renamed = ReadonlyMap<string, string>;

type Root = "nodes" | "groups";
const ROOTS: readonly Root[] = ["groups", "nodes"];

/** A node or frame this page wrote: its entry in the document, and how this page has it now. */
interface Own {
  item: Y.Item;
  kept: DocNode | DocGroup;
}

interface Lost extends Own {
  root: Root;
  id: string;
}

/** A connection as the document keeps it (its id is its key). */
interface EdgeValue {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Something the put-back wrote (`len` structs from `clock`) for this page's entry `item`. */
interface Join {
  item: Y.Item;
  clock: number;
  len: number;
}
type PartOf = (item: Y.Item | undefined, write: () => void) => void;

/** What one transaction did that a put-back has to know. */
interface Done {
  /** Ids whose entry, or something in it, it changed. */
  touched: Record<Root, Set<string>>;
  /** Nodes whose entry it set (a new node, or another's over one). */
  set: Set<string>;
  /** Nodes it put in a frame (or took out). */
  framed: Set<string>;
  /** Connections it set or took away, with what they were before. */
  edges: Map<string, { action: string; oldValue: unknown }>;
}

const nothingDone = (): Done => ({ touched: { nodes: new Set(), groups: new Set() }, set: new Set(),
  framed: new Set(), edges: new Map() });

/** Whether this page's entry `item` was overwritten by another page's, written without knowing it (the same id
 * chosen at the same moment): not taken away by a deletion, nor replaced by a page that had it (as a put-back after
 * a deletion is). */
const overwritten = (item: Y.Item): boolean =>
  item.deleted && item.right !== null && !(item.right.origin !== null && Y.compareIDs(item.right.origin, item.id));

const touches = (edge: unknown, renamed: Renamed): edge is EdgeValue => {
  const { source, target } = (edge ?? {}) as Partial<EdgeValue>;
  return renamed.has(source ?? "") || renamed.has(target ?? "");
};

/** Watch `doc` for entries this page wrote overwritten by another page's node of the same id, and put each back
 * under an id of this page's; `onPutBack` hears the new ids once the editor shows them. The watch's end. */
export function watchSameId(doc: Y.Doc, onPutBack: (renamed: Renamed) => void = () => {}): () => void {
  const r = roots(doc);
  const own: Record<Root, Map<string, Own>> = { nodes: new Map(), groups: new Map() };
  let done = nothingDone();

  const collect = (root: Root) => (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const event of events) {
      if (event.path.length > 0) {
        const id = String(event.path[0]);
        done.touched[root].add(id);
        if (root === "nodes" && event.path.length === 1 && event.changes.keys.has("parentId")) done.framed.add(id);
        continue;
      }
      for (const [id, change] of event.changes.keys) {
        done.touched[root].add(id);
        if (root === "nodes" && change.action !== "delete") done.set.add(id);
      }
    }
  };
  const onNodes = collect("nodes");
  const onGroups = collect("groups");
  const onEdges = (event: Y.YMapEvent<Record<string, unknown>>) => {
    for (const [id, { action, oldValue }] of event.changes.keys) done.edges.set(id, { action, oldValue });
  };

  const afterTransaction = () => {
    const last = done;
    done = nothingDone();
    const lost: Lost[] = [];
    for (const root of ROOTS) {
      for (const id of last.touched[root]) {
        const mine = own[root].get(id);
        if (!mine?.item.deleted) continue;
        own[root].delete(id);
        if (overwritten(mine.item)) lost.push({ ...mine, root, id });
      }
    }
    keepOwn(last);
    if (lost.length) putBack(lost, last);
  };

  /** Keep the entries this page wrote that `last` touched as they are now. */
  function keepOwn(last: Done): void {
    for (const root of ROOTS) {
      for (const id of last.touched[root]) {
        const item = r[root]._map.get(id);
        if (!item || item.deleted || item.id.client !== doc.clientID) continue;
        const kept = root === "nodes" ? readNode(r, id) : readGroup(r, id);
        if (kept) own[root].set(id, { item, kept });
      }
    }
  }

  function putBack(lost: Lost[], last: Done): void {
    const taken = new Set([...r.nodes.keys(), ...r.groups.keys()]);
    const renamed = new Map<string, string>();
    for (const { root, id, kept } of lost) {
      const fresh = nextNodeId(root === "nodes" ? (kept as DocNode).type : "group", taken, pageIdSuffix(doc.clientID));
      taken.add(fresh);
      renamed.set(id, fresh);
    }
    const to = (id: string) => renamed.get(id) ?? id;
    const joins: Join[] = [];
    /** Make `write`'s part of the undo step that made `item`: undoing it takes back what the put-back wrote for it. */
    const partOf = (item: Y.Item | undefined, write: () => void) => {
      const clock = Y.getState(doc.store, doc.clientID);
      write();
      const len = Y.getState(doc.store, doc.clientID) - clock;
      if (item && len > 0) joins.push({ item, clock, len });
    };
    doc.transact(() => {
      for (const { root, id, kept, item } of lost) {
        partOf(item, () => {
          if (root === "groups") {
            writeGroup(r, { ...(kept as DocGroup), id: to(id) });
          } else {
            const node = kept as DocNode;
            writeNode(r, { ...node, id: to(id), ...(node.parentId ? { parentId: to(node.parentId) } : {}) });
          }
        });
      }
      moveIntoFrames(renamed, last, lost, partOf);
      moveConnections(renamed, last, partOf);
    }, SAME_ID_ORIGIN);
    joinSteps(joins);
    doc.once("afterAllTransactions", () => onPutBack(renamed));
  }

  /** The nodes this page had in a frame put back go with it; those the other page put in its own stay. */
  function moveIntoFrames(renamed: Renamed, last: Done, lost: Lost[], partOf: PartOf): void {
    const frames = new Map(lost.filter(({ root }) => root === "groups").map(({ id, item }) => [id, item]));
    if (frames.size === 0) return;
    for (const [id, node] of r.nodes) {
      const frame = node.get("parentId");
      if (typeof frame !== "string" || !frames.has(frame) || renamed.has(id)) continue;
      if (!last.set.has(id) && !last.framed.has(id)) {
        partOf(frames.get(frame), () => setJson(node, "parentId", renamed.get(frame)));
      }
    }
  }

  /** The connections to nodes put back follow them: those this page had; those the other page made to its own
   * node stay (one both made, under one id, is kept for the other's and made anew for this page's). */
  function moveConnections(renamed: Renamed, last: Done, partOf: PartOf): void {
    const to = (id: string) => renamed.get(id) ?? id;
    const repointed = (edge: EdgeValue) => {
      const moved = { ...edge, source: to(edge.source), target: to(edge.target) };
      writeEdge(r, { ...moved, id: edgeId(moved) });
    };
    for (const [id, edge] of [...r.edges.entries()]) {
      if (last.edges.has(id) || !touches(edge, renamed)) continue;  // set by the update: the other page's
      const item = r.edges._map.get(id);
      deleteEdge(r, id);
      partOf(item, () => repointed(edge));
    }
    for (const [id, { action, oldValue }] of last.edges) {
      if (action !== "update" || !touches(oldValue, renamed)) continue;
      partOf(ownEntry(r.edges._map.get(id)), () => repointed(oldValue));
    }
  }

  /** This page's entry among the ones `item` (the live one) replaced, if any. */
  function ownEntry(item: Y.Item | undefined): Y.Item | undefined {
    for (let at = item?.left ?? null; at; at = at.left) if (at.id.client === doc.clientID) return at;
    return undefined;
  }

  /** Join what the put-back wrote to the undo steps of this user's that made the entries it stands for. */
  function joinSteps(joins: Join[]): void {
    const steps = bindingOf(doc)?.undoManager.undoStack ?? [];
    for (const { item, clock, len } of joins) {
      const step = steps.find((s) => Y.isDeleted(s.insertions, item.id));
      if (!step) continue;  // no longer to be undone (the stack was cleared)
      const made = Y.createDeleteSet();
      made.clients.set(doc.clientID, [{ clock, len }]);
      step.insertions = Y.mergeDeleteSets([step.insertions, made]);
    }
  }

  r.nodes.observeDeep(onNodes);
  r.groups.observeDeep(onGroups);
  r.edges.observe(onEdges);
  doc.on("afterTransaction", afterTransaction);
  return () => {
    r.nodes.unobserveDeep(onNodes);
    r.groups.unobserveDeep(onGroups);
    r.edges.unobserve(onEdges);
    doc.off("afterTransaction", afterTransaction);
  };
}

/** On the editor's canvas, a node put back stays selected (and in its renaming) as it was: this user's own, likely
 * just added; the other's node that took its id is not. */
export const keepSelected = (editor: Pick<StoreApi<EditorState>, "getState">) => (renamed: Renamed): void => {
  const { nodes, onNodesChange, renamingNodeId, startRename } = editor.getState();
  const changes: NodeChange<EditorNode>[] = [...renamed].flatMap(([was, now]) =>
    (nodes.find((node) => node.id === was)?.selected ? [
      { type: "select" as const, id: was, selected: false }, { type: "select" as const, id: now, selected: true },
    ] : []));
  if (changes.length) onNodesChange(changes);
  const renaming = renamingNodeId === null ? undefined : renamed.get(renamingNodeId);
  if (renaming) startRename(renaming);
};
