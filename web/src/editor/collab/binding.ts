// One Yjs document bound to the editor: its changes (this user's, others', undo's) reported as the ids they
// touched, once per transaction; this user's writes made under one origin, which the undo manager tracks alone
// (so undo takes back only this user's changes, never a collaborator's). The nodes this user's writes and undo steps
// delete or put back are recorded as theirs in the same transaction (deletions.ts).

import * as Y from "yjs";
import { changedKeys, recordDeletion, recordNodeChanges } from "./deletions";
import { roots, type Roots } from "./ydoc";

/** Edits of one key within this window are one undo step (typing a prompt is not 40 steps). */
export const CAPTURE_MS = 600;

export interface Changes {
  nodes: Set<string>;
  edges: Set<string>;
  /** Whether this user's own write made them (not a collaborator's, not undo). */
  local: boolean;
}

export interface GraphBinding {
  doc: Y.Doc;
  roots: Roots;
  /** The origin of this user's writes. */
  origin: object;
  undoManager: Y.UndoManager;
  /** Make this user's change in one transaction. Writes with the same `key` within CAPTURE_MS of each other are
   * one undo step; a write without a key is always a step of its own. */
  write(change: (r: Roots) => void, key?: string): void;
  /** Keep every write from now until `end()` in one undo step (a drag, however long it pauses). */
  holdStep(): void;
  endStep(): void;
  destroy(): void;
}

/** The binding of each document the editor has bound (its writes are this user's). */
const bindings = new WeakMap<Y.Doc, GraphBinding>();

export const bindingOf = (doc: Y.Doc): GraphBinding | undefined => bindings.get(doc);

export function bindGraph(doc: Y.Doc, onChange: (changes: Changes) => void,
  onUndoState: (canUndo: boolean, canRedo: boolean) => void): GraphBinding {
  const r = roots(doc);
  const origin = { editor: "local" };
  const undoManager = new Y.UndoManager([r.nodes, r.edges, r.groups], {
    trackedOrigins: new Set([origin]), captureTimeout: CAPTURE_MS,
    // called inside the undo step's transaction for each item it removes: a node it takes away is recorded there
    deleteFilter: (item) => {
      if (item.parent === r.nodes && typeof item.parentSub === "string") recordDeletion(doc, item.parentSub);
      return true;
    },
  });
  let pending: Changes | null = null;
  const changes = () => (pending ??= { nodes: new Set(), edges: new Set(), local: false });

  const collect = (into: "nodes" | "edges") => (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const ids = changes()[into];
    for (const event of events) {
      if (event.path.length === 0) for (const key of event.changes.keys.keys()) ids.add(key);
      else ids.add(String(event.path[0]));
    }
  };
  const onNodes = collect("nodes");
  const onGroups = collect("nodes");
  const onEdges = collect("edges");
  r.nodes.observeDeep(onNodes);
  r.groups.observeDeep(onGroups);
  r.edges.observeDeep(onEdges);
  const flush = (transaction: Y.Transaction) => {
    if (!pending) return;
    const done = pending;
    pending = null;
    done.local = transaction.origin === origin;
    onChange(done);
  };
  doc.on("afterTransaction", flush);

  const undoState = () => onUndoState(undoManager.undoStack.length > 0, undoManager.redoStack.length > 0);
  undoManager.on("stack-item-added", undoState);
  undoManager.on("stack-item-popped", undoState);
  undoManager.on("stack-cleared", undoState);

  let lastKey: string | null = null;
  let held = false;
  const binding: GraphBinding = {
    doc,
    roots: r,
    origin,
    undoManager,
    write(change, key) {
      if (!held && (key === undefined || key !== lastKey)) undoManager.stopCapturing();
      lastKey = key ?? null;
      doc.transact((transaction) => {
        change(r);
        const keys = changedKeys(transaction, r.nodes);
        if (keys.length) recordNodeChanges(doc, keys);
      }, origin);
    },
    holdStep() {
      if (held) return;
      undoManager.stopCapturing();
      held = true;
      undoManager.captureTimeout = Number.MAX_SAFE_INTEGER;
    },
    endStep() {
      if (!held) return;
      held = false;
      undoManager.captureTimeout = CAPTURE_MS;
      undoManager.stopCapturing();
      lastKey = null;
    },
    destroy() {
      r.nodes.unobserveDeep(onNodes);
      r.groups.unobserveDeep(onGroups);
      r.edges.unobserveDeep(onEdges);
      doc.off("afterTransaction", flush);
      undoManager.destroy();
      if (bindings.get(doc) === binding) bindings.delete(doc);
    },
  };
  bindings.set(doc, binding);
  return binding;
}
