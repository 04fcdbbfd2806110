// Nodes this page changed that a collaborator then deleted, live or with edits they made offline: Yjs lets the
// deletion win, silently, and this page's change goes with the node. This page keeps, for each node it changed (a
// setting, its name or bypass; not only its place), the node and its connections as it last had them, so that the
// loss can be told ("Ada deleted “Blur”, which you changed") and the node put back, where it was on the canvas even
// when its frame went too. The deleter is read from the record their page wrote in the deletion (deletions.ts).

import * as Y from "yjs";
import type { DocEdge, DocNode, NodeSpec, WorkflowDocument } from "../../api/types";
import { listInWords } from "../../words";
import { nodeNames } from "../graph/nodeNames";
import { useEditor } from "../store/editorStore";
import { bindingOf } from "./binding";
import { asPutBack, deletionsOf, recordsIn, type Person } from "./deletions";
import type { OfflineCost } from "./offlineMerge";
import { PARAMS, documentOf, readEdge, readGroup, readNode, roots } from "./ydoc";

/** A node's keys whose change is this user's work (its place, size or frame are not). */
const WORK: ReadonlySet<string> = new Set([PARAMS, "title", "bypass"]);

/** How long before a node's deletion a collaborator's removal of its connections counts as part of it (ms): the
 * Delete key takes a node's connections away in one change and the node in the next. */
export const CUT_WITH_NODE_MS = 2000;

/** Nodes this page changed that one update from elsewhere deleted. */
export interface Loss {
  /** The nodes as this page last had them. */
  nodes: DocNode[];
  /** Their connections as this page last had them. */
  edges: DocEdge[];
  /** The Yjs clients that wrote in that update (none when it only deleted: a deletion names no one). */
  writers: Set<number>;
  /** Who deleted them, as the deleting page recorded it in the same update (none from a page that records none). */
  deleters: Person[];
  /** Where the frames of the nodes were on the canvas (frame id -> position) as this page last had them: a node's
   * position is its frame's plus its own, and the frame may be gone too. */
  frames: Frames;
}

/** Frames' positions on the canvas, by frame id. */
export type Frames = Record<string, { x: number; y: number }>;

interface Kept {
  node: DocNode;
  edges: DocEdge[];
}

type Edge = { source?: string; target?: string };

/** Whether a change of a node (`path` below the nodes map, its keys) is this user's work. */
const isWork = (path: ReadonlyArray<string | number>, keys: Iterable<string>) =>
  path.length > 1 ? path[1] === PARAMS : [...keys].some((key) => WORK.has(key));

/** Watch `doc` for updates from elsewhere (not this page's own transactions) deleting nodes this page changed;
 * `onLoss` hears each such update. Returns the function that stops watching. */
export function watchDeletedChanges(doc: Y.Doc, onLoss: (loss: Loss) => void): () => void {
  const r = roots(doc);
  // the records' map is defined before any update comes: Yjs replaces a root defined later by a new object, which
  // the transactions before it do not name (recordsIn would find no record of theirs)
  deletionsOf(doc);
  const kept = new Map<string, Kept>();
  /** The positions of the frames kept nodes are in, kept while the frames are there. */
  const frames = new Map<string, { x: number; y: number }>();
  /** Connections of kept nodes that updates from elsewhere removed, and when. */
  const cut = new Map<string, { edge: DocEdge; at: number }>();
  let touched = new Set<string>();
  let deleted: string[] = [];
  let edgesChanged = false;

  const onNodes = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    for (const event of events) {
      if (event.path.length === 0) {
        for (const [id, change] of event.changes.keys) {
          touched.add(id);
          if (change.action === "delete" && !transaction.local) deleted.push(id);
        }
        continue;
      }
      const id = String(event.path[0]);
      touched.add(id);
      if (transaction.local && !kept.has(id) && isWork(event.path, event.changes.keys.keys())) {
        kept.set(id, { node: { id, type: "", params: {} }, edges: [] });  // filled in once the transaction ends
      }
    }
  };
  const onEdges = (event: Y.YMapEvent<Record<string, unknown>>, transaction: Y.Transaction) => {
    edgesChanged = true;
    if (transaction.local) return;
    const now = Date.now();
    for (const [id, change] of event.changes.keys) {
      const edge = change.oldValue as Edge | undefined;
      if (change.action !== "delete" || !edge) continue;
      if (kept.has(edge.source ?? "") || kept.has(edge.target ?? "")) {
        cut.set(id, { edge: { sourceHandle: null, targetHandle: null, ...edge, id } as DocEdge, at: now });
      }
    }
  };

  const onGroups = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const event of events) {
      const ids = event.path.length ? [String(event.path[0])] : [...event.changes.keys.keys()];
      for (const id of ids) keepFrame(id);
    }
  };
  /** Keep where the frame `id` is now if it is still there (a deleted one keeps where it was), when a kept node is
   * in it (`anew`: one is now). */
  function keepFrame(id: string, anew = false): void {
    const group = anew || frames.has(id) ? readGroup(r, id) : null;
    if (group) frames.set(id, { x: group.position.x ?? 0, y: group.position.y ?? 0 });
  }

  const afterTransaction = (transaction: Y.Transaction) => {
    if (!touched.size && !edgesChanged) return;
    const [gone, changed, withEdges] = [deleted, touched, edgesChanged];
    deleted = [];
    touched = new Set();
    edgesChanged = false;
    const now = Date.now();
    for (const [id, { at }] of cut) if (now - at > CUT_WITH_NODE_MS) cut.delete(id);
    const lost = gone.filter((id) => kept.has(id) && !r.nodes.has(id));
    if (lost.length) onLoss(lossOf(lost, transaction));
    refresh(withEdges ? [...kept.keys()] : [...changed].filter((id) => kept.has(id)));
  };

  function lossOf(lost: string[], transaction: Y.Transaction): Loss {
    const edges = new Map<string, DocEdge>();
    for (const id of lost) for (const edge of kept.get(id)!.edges) edges.set(edge.id ?? "", edge);
    const ids = new Set(lost);
    for (const [id, { edge }] of cut) if (ids.has(edge.source) || ids.has(edge.target)) edges.set(id, edge);
    const writers = new Set<number>();
    for (const [client, clock] of transaction.afterState) {
      if (clock > (transaction.beforeState.get(client) ?? 0)) writers.add(client);
    }
    const records = recordsIn(doc, transaction);
    const deleters = new Map(lost.flatMap((id) => {
      const by = records.get(id)?.by;
      return by ? [[by.id, by] as const] : [];
    }));
    const nodes = lost.map((id) => kept.get(id)!.node);
    const where: Frames = {};
    for (const { parentId } of nodes) {
      const frame = parentId ? frames.get(parentId) : undefined;
      if (parentId && frame) where[parentId] = frame;
    }
    return { nodes, edges: [...edges.values()], writers, deleters: [...deleters.values()], frames: where };
  }

  /** Keep the nodes `ids` as they are now (a node deleted keeps what it was). */
  function refresh(ids: string[]): void {
    const present = ids.filter((id) => r.nodes.has(id));
    if (!present.length) return;
    const edges = new Map<string, DocEdge[]>(present.map((id) => [id, []]));
    for (const id of r.edges.keys()) {
      const edge = readEdge(r, id);
      if (!edge) continue;
      edges.get(edge.source)?.push(edge);
      if (edge.target !== edge.source) edges.get(edge.target)?.push(edge);
    }
    for (const id of present) {
      const node = readNode(r, id)!;
      kept.set(id, { node, edges: edges.get(id)! });
      if (node.parentId && !frames.has(node.parentId)) keepFrame(node.parentId, true);
    }
  }

  r.nodes.observeDeep(onNodes);
  r.edges.observe(onEdges);
  r.groups.observeDeep(onGroups);
  doc.on("afterTransaction", afterTransaction);
  return () => {
    r.nodes.unobserveDeep(onNodes);
    r.edges.unobserve(onEdges);
    r.groups.unobserveDeep(onGroups);
    doc.off("afterTransaction", afterTransaction);
  };
}

/** `document` with `nodes` it lacks added back, and `edges` whose two ends it then has. A node whose frame is gone
 * comes back out of it, where it was on the canvas: its position, relative to the frame, plus the frame's (`frames`,
 * where it last was). */
export function withNodesBack(document: WorkflowDocument, nodes: DocNode[], edges: DocEdge[], frames: Frames = {}):
  WorkflowDocument {
  const present = new Set(document.nodes.map((node) => node.id));
  const added = nodes.filter((node) => !present.has(node.id));
  const there = new Set((document.groups ?? []).map((group) => group.id));
  const back = added.map(({ parentId, ...node }) => {
    if (!parentId) return node;
    if (there.has(parentId)) return { ...node, parentId };
    const frame = frames[parentId];
    const at = node.position;
    return frame && at ? { ...node, position: { x: (at.x ?? 0) + frame.x, y: (at.y ?? 0) + frame.y } } : node;
  });
  for (const node of back) present.add(node.id);
  const wired = new Set(document.edges.map((edge) => edge.id));
  const rewired = edges.filter((edge) => !wired.has(edge.id) && present.has(edge.source) && present.has(edge.target));
  return { ...document, nodes: [...document.nodes, ...back], edges: [...document.edges, ...rewired] };
}

/** Add `nodes` back to the graph as this page last had them, with their `edges` to nodes still there, as one
 * undoable change of this user's (ones already back, put back by someone else, are left as they are), recorded as
 * put back by this user, so the one who deleted them is told who did. */
export function putNodesBack(nodes: DocNode[], edges: DocEdge[], frames: Frames = {}): void {
  const editor = useEditor.getState();
  const doc = editor.graphDoc();
  const restore = () => editor.replaceGraph(withNodesBack(documentOf(doc), nodes, edges, frames));
  const write = bindingOf(doc)?.write;
  if (write) asPutBack(doc, nodes.map((node) => node.id), () => write(restore));
  else restore();
}

/** `cost` with the nodes of `losses` that it does not tell of already among those a collaborator deleted (a return
 * from offline tells of every node lost, in one notice). */
export function withLosses(cost: OfflineCost | null, losses: Loss[]): OfflineCost {
  const told = cost ?? { clashes: [], deletedByThem: [], deletedEdges: [], deletedByMe: [] };
  const named = new Set(told.deletedByThem.map((node) => node.id));
  const wired = new Set(told.deletedEdges.map((edge) => edge.id));
  const nodes = losses.flatMap((loss) => loss.nodes).filter((node) => !named.has(node.id));
  const edges = losses.flatMap((loss) => loss.edges).filter((edge) => !wired.has(edge.id));
  return nodes.length ? { ...told, deletedByThem: [...told.deletedByThem, ...nodes],
    deletedEdges: [...told.deletedEdges, ...new Map(edges.map((edge) => [edge.id, edge])).values()] } : told;
}

/** The notice of a loss, e.g. "Ada deleted “Blur”, which you changed." `who`: the deleters' names (empty:
 * "someone"); `names`: the lost nodes' names. */
export function lossWords(names: string[], who: string[]): string {
  const someone = who.length ? listInWords(who) : "someone";
  const nodes = listInWords(names.map((name) => `“${name}”`));
  return `${someone.charAt(0).toUpperCase()}${someone.slice(1)} deleted ${nodes}, which you changed.`;
}

/** What the one who deleted nodes is told when someone else puts them back, e.g. "Ada put back “Blur”." */
export function putBackWords(names: string[], who: string[]): string {
  const someone = who.length ? listInWords(who) : "someone";
  const nodes = listInWords(names.map((name) => `“${name}”`));
  return `${someone.charAt(0).toUpperCase()}${someone.slice(1)} put back ${nodes}.`;
}

/** Tell this user that `who` put back the nodes `ids` (now in `doc`) this user had deleted. */
export function tellPutBack(ids: string[], who: string[], doc: Y.Doc): void {
  const editor = useEditor.getState();
  const known = nodeNames(editor.nodes, editor.specsByType);
  const r = roots(doc);
  const names = ids.map((id) => readNode(r, id)).filter((node): node is DocNode => node !== null)
    .map((node) => nameOf(node, known, editor.specsByType));
  if (names.length) editor.notify(putBackWords(names, who), "info");
}

/** A node's name in words: the canvas's (told apart from its namesakes) while it is still there, else its own. */
function nameOf(node: DocNode, known: ReadonlyMap<string, string>, specs: ReadonlyMap<string, NodeSpec>): string {
  return known.get(node.id) ?? (node.title?.trim() || specs.get(node.type)?.title || node.type);
}

/** Tell this user of `loss` (`who`: its deleters' names), offering to put the nodes back; the notice goes once they
 * are all back in `doc`, whoever put them back. */
export function tellLoss(loss: Loss, who: string[], doc: Y.Doc): void {
  const editor = useEditor.getState();
  const known = nodeNames(editor.nodes, editor.specsByType);
  const message = lossWords(loss.nodes.map((node) => nameOf(node, known, editor.specsByType)), who);
  const r = roots(doc);
  editor.notify(message, "info", {
    sticky: true,
    action: { label: loss.nodes.length === 1 ? "Put it back" : "Put them back",
      run: () => putNodesBack(loss.nodes, loss.edges, loss.frames) },
    over: () => loss.nodes.every((node) => r.nodes.has(node.id)),
  });
}
