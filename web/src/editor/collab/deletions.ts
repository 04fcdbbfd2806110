// Who deleted a node, and who put it back, recorded in the document itself (root `deletions`: node id -> record) in
// the transaction that deletes or restores it. A Yjs deletion names no one (it only marks the items it removes), and
// awareness tells only who is on the project now: the record travels with the deletion, so every page, one that
// comes back from offline too, reads the deleter's name exactly. The server keeps this root and projects nothing
// of it (karate/collab/document.py reads the four graph roots only).

import * as Y from "yjs";
import { NODES, setJson } from "./ydoc";

export const DELETIONS = "deletions";

/** Someone as a record names them: their account id (a guest's page id) and the name others see. */
export interface Person {
  id: string;
  name: string;
}

export interface DeletionRecord {
  /** Who deleted the node, and when (ms since the epoch). */
  by: Person;
  at: number;
  /** Who put it back, when someone did. */
  back?: Person;
}

/** How long a record is kept: long enough for a page away (offline, or closed) to come back and read it. */
export const KEEP_RECORD_MS = 7 * 24 * 3600 * 1000;

export const deletionsOf = (doc: Y.Doc) => doc.getMap<DeletionRecord>(DELETIONS);

const authors = new WeakMap<Y.Doc, Person>();
/** The nodes of each document a put-back is restoring now (`restoring`). */
const restoring = new WeakMap<Y.Doc, ReadonlySet<string>>();

/** Who this page's deletions and put-backs in `doc` are recorded as (none: nothing is recorded). */
export function setAuthor(doc: Y.Doc, person: Person | null): void {
  if (person) authors.set(doc, { id: person.id, name: person.name });
  else authors.delete(doc);
}

/** Run `restore` (which adds the nodes `ids` back in a write of this page's) with those nodes recorded as put back
 * by this page's person, in the transaction that restores them: a node added with the id of a deleted one is
 * otherwise a new node. */
export function asPutBack(doc: Y.Doc, ids: Iterable<string>, restore: () => void): void {
  restoring.set(doc, new Set(ids));
  try {
    restore();
  } finally {
    restoring.delete(doc);
  }
}

/** Inside a transaction of this page's: record what it did to the nodes `ids` (top-level keys of the nodes map it
 * changed): one no longer there was deleted by this page's person; one restored (`restoring`) was put back by them;
 * any other one added is a new node, and an old record of its id goes. */
export function recordNodeChanges(doc: Y.Doc, ids: Iterable<string>): void {
  const person = authors.get(doc);
  if (!person) return;
  const nodes = doc.getMap(NODES);
  const records = deletionsOf(doc);
  const back = restoring.get(doc);
  const now = Date.now();
  for (const id of ids) {
    const record = records.get(id);
    if (!nodes.has(id)) setJson(records as Y.Map<unknown>, id, { by: person, at: now });
    else if (record && back?.has(id)) setJson(records as Y.Map<unknown>, id, { ...record, back: person });
    else if (record) records.delete(id);
  }
  for (const [id, record] of records.entries()) if (now - record.at > KEEP_RECORD_MS) records.delete(id);
}

/** Inside an undo step of this page's that is about to remove the node `id`: record it as deleted by this page's
 * person. */
export function recordDeletion(doc: Y.Doc, id: string): void {
  const person = authors.get(doc);
  if (person) setJson(deletionsOf(doc) as Y.Map<unknown>, id, { by: person, at: Date.now() });
}

/** The records `transaction` wrote, by node id (a deletion's record comes in the transaction that deletes). */
export function recordsIn(doc: Y.Doc, transaction: Y.Transaction): Map<string, DeletionRecord> {
  const records = deletionsOf(doc);
  const found = new Map<string, DeletionRecord>();
  for (const id of changedKeys(transaction, records)) {
    const record = records.get(id);
    if (record) found.set(id, record);
  }
  return found;
}

/** Who wrote the records `doc` holds, by the Yjs client that wrote each: the one who deleted its node (`by`), or
 * once it was put back, the one who did (`back`). A page writes only its own person's records, and the server its
 * restorer's (karate/collab/deletions.py): a client whose edits came from elsewhere is named by these too. */
export function recordWriters(doc: Y.Doc): Map<number, Person> {
  const records = deletionsOf(doc);
  const writers = new Map<number, Person>();
  for (const [id, item] of records._map) {
    const record = item.deleted ? undefined : records.get(id);
    if (record) writers.set(item.id.client, record.back ?? record.by);
  }
  return writers;
}

/** The keys of `map` that `transaction` set or deleted. */
export function changedKeys<T>(transaction: Y.Transaction, map: Y.Map<T>): string[] {
  for (const [type, keys] of transaction.changed) {
    if ((type as unknown) === map) return [...keys].filter((key): key is string => key !== null);
  }
  return [];
}

/** Watch `doc` for nodes this page's person deleted that someone on another page puts back: `onPutBack` hears the
 * nodes of each such update and who put them back. Returns the function that stops watching. */
export function watchPutBacks(doc: Y.Doc, onPutBack: (ids: string[], by: Person[]) => void): () => void {
  const records = deletionsOf(doc);
  const observer = (event: Y.YMapEvent<DeletionRecord>, transaction: Y.Transaction) => {
    const me = authors.get(doc);
    if (transaction.local || !me) return;
    const ids: string[] = [];
    const by = new Map<string, Person>();
    for (const [id, change] of event.changes.keys) {
      // an update of a record this page had: a page that opens later is not told of put-backs made before
      const record = records.get(id);
      const before = change.oldValue as DeletionRecord | undefined;
      if (change.action !== "update" || !record?.back || before?.back || record.by.id !== me.id) continue;
      if (!doc.getMap(NODES).has(id)) continue;
      ids.push(id);
      by.set(record.back.id, record.back);
    }
    if (ids.length) onPutBack(ids, [...by.values()]);
  };
  records.observe(observer);
  return () => records.unobserve(observer);
}
