// Graph state: nodes, edges, the registry they come from, undo/redo and the clipboard. The graph lives in a Yjs
// document (collab/ydoc.ts): every action that changes it writes to the document, in one transaction under this
// user's origin, and the canvas reflects the document (collab/reflect.ts) whoever changed it, this user, a
// collaborator or undo. Undo and redo take back this user's own changes only (Y.UndoManager). Selection, measured
// sizes and a drag or resize under way stay on this screen and are never written.

import { applyEdgeChanges, applyNodeChanges } from "@xyflow/react";
import type { Connection, EdgeChange, NodeChange, XYPosition } from "@xyflow/react";
import * as Y from "yjs";
import type { StateCreator } from "zustand";
import type { NodeSpec, Plan, WorkflowAccess, WorkflowDocument } from "../../api/types";
import { bindGraph, type Changes, type GraphBinding } from "../collab/binding";
import { editedNodes, reflect, reflectAll, type Graph } from "../collab/reflect";
import {
  applyDocument, deleteEdge, deleteNode, docFromDocument, readNode, setJson, writeEdge, writeGroup, writeNode,
  type Roots,
} from "../collab/ydoc";
import { docEdgeOf, docGroupOf, docNodeOf, studioNode } from "../graph/document";
import { cloneWithNewIds, connect, connectionTo, extract, fittingPort, group, originPort, ungroup }
  from "../graph/edit";
import { nextNodeId } from "../graph/ids";
import { setKeySpecs } from "../changedSince";
import { patchGraph } from "../graph/patch";
import { replaceType } from "../graph/replaceType";
import { defaultParams } from "../graph/schemaForm";
import {
  isStudioNode, type CollabStatus, type EditorEdge, type EditorNode, type GraphSnapshot, type PortOrigin,
  type StudioNode,
} from "../types";
import { readCopiedNodes, storeCopiedNodes } from "./copiedNodes";
import type { EditorState } from "./editorStore";

/** How often a drag under way is written to the document, so others see the node move (ms). */
export const DRAG_WRITE_MS = 50;

export interface WorkflowMeta {
  id: string;
  title: string;
  /** The server's version of the project when it was read (REST; the graph itself syncs live). */
  version: number;
  /** What this user may do with it (accounts mode): `viewer` and `public` only read. Absent: the owner. */
  access?: WorkflowAccess;
  isPublic?: boolean;
}

/** Whether the user may only look at the project (shared with them as viewer, or public): nothing is saved. */
export const readOnly = (meta: WorkflowMeta | null): boolean => meta?.access === "viewer" || meta?.access === "public";

/** Whether the user may post comments and replies: anyone on the project's team, viewers too (discussing a design is
 * part of viewing it, as the server allows); not a reader of someone's public project, who sees no comments. */
export const mayComment = (meta: WorkflowMeta | null): boolean => meta?.access !== "public";

/** The project's id when it is someone else's (shared with the user, or public): asset requests name it, as the
 * server lets its inputs be read through it (GET /assets/{id}?workflow_id=). Undefined for the user's own. */
export const sharedWorkflowId = (meta: WorkflowMeta | null): string | undefined =>
  meta?.access && meta.access !== "owner" ? meta.id : undefined;

export interface GraphSlice {
  workflow: WorkflowMeta | null;
  specs: NodeSpec[];
  specsByType: Map<string, NodeSpec>;
  nodes: EditorNode[];
  edges: EditorEdge[];
  clipboard: GraphSnapshot | null;
  /** Bumped on every change of the graph, whoever made it. */
  revision: number;
  /** Whether undo / redo has one of this user's changes to take back / make again. */
  canUndo: boolean;
  canRedo: boolean;
  /** The link to the live document (see CollabStatus); `local` without a session. */
  collab: CollabStatus;

  setSpecs(specs: NodeSpec[]): void;
  setWorkflowMeta(meta: WorkflowMeta): void;
  renameWorkflow(title: string): void;
  setCollab(status: CollabStatus): void;
  /** Show `doc` in a new document only this page holds (a project opened without a session, the last saved graph
   * while the session connects); undo starts empty. */
  loadDocument(doc: WorkflowDocument): void;
  /** Edit `doc` from now on (the session's document once synced); selection and order on screen are kept. */
  attachDoc(doc: Y.Doc): void;
  /** The document the canvas reflects and writes. */
  graphDoc(): Y.Doc;
  /** Make the graph `document` as one undoable change of this user's (a version restored), touching only what
   * differs so collaborators' concurrent edits elsewhere survive. */
  replaceGraph(document: WorkflowDocument): void;
  undo(): void;
  redo(): void;
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  connectPorts(connection: Connection): string | null;
  /** Add a node with its schema's defaults, and `params` over them, as one undo step; null for an unknown type. */
  addNode(nodeType: string, position: XYPosition, params?: Record<string, unknown>): string | null;
  /** `addNode` for several nodes at once, as one undo step, selecting them; the ids of those added (unknown types
   * are left out). */
  addNodes(added: ReadonlyArray<{ nodeType: string; position: XYPosition; params?: Record<string, unknown> }>): string[];
  /** Add a node and connect it to the handle a connection was dragged from, as one undo step; null when the
   * type has no fitting port. */
  addConnectedNode(nodeType: string, position: XYPosition, from: PortOrigin): string | null;
  updateParams(nodeId: string, patch: Record<string, unknown>): void;
  renameFrame(nodeId: string, title: string): void;
  /** Bypass (mute) the nodes, or run them again when every one of them already is bypassed. */
  toggleBypass(ids: string[]): void;
  /** Collapse the nodes to their title bar and ports, or expand them when every one already is collapsed. */
  toggleCollapsed(ids: string[]): void;
  /** Name a node; an empty name goes back to its type's title. */
  renameNode(nodeId: string, title: string): void;
  /** Make a node of a type this studio does not know a `spec` node in place, as one undoable step: its id,
   * position and name stay, and it keeps the parameters and wires `spec` has room for (graph/replaceType). */
  replaceNodeType(nodeId: string, spec: NodeSpec): void;
  /** The node whose name is being edited in place, if any. */
  renamingNodeId: string | null;
  startRename(nodeId: string | null): void;
  deleteNodes(ids: string[]): void;
  duplicateNodes(ids: string[]): void;
  /** Copy the selected nodes (and the edges between them), for this project or another (kept in this browser). */
  copySelection(): void;
  /** The nodes a paste adds: those this browser last copied (on this page, in another project or in another tab),
   * else those copied on this page; null when none. Types this studio lacks are left out, and a notice says which. */
  pasteSource(): GraphSnapshot | null;
  /** Paste `source` (pasteSource when not given: a caller that has read it already passes it on) at `position`. */
  paste(position?: XYPosition, source?: GraphSnapshot | null): void;
  groupSelection(): void;
  ungroupFrame(frameId: string): void;
  /** Apply the AI dock's plan (added nodes and edges, changed parameters, removed edges) as one undoable step,
   * and select the added nodes. */
  applyPlan(plan: Plan): void;
}

const selectedIds = (nodes: EditorNode[]) => new Set(nodes.filter((n) => n.selected).map((n) => n.id));

type Flag = "bypass" | "collapsed";

/** The studio nodes among `ids` with `flag` set on all of them, or cleared on all when all had it. */
function toggled(nodes: EditorNode[], ids: string[], flag: Flag): EditorNode[] | null {
  const chosen = new Set(ids);
  const targets = nodes.filter((n): n is StudioNode => chosen.has(n.id) && isStudioNode(n));
  if (targets.length === 0) return null;
  const on = !targets.every((n) => n.data[flag] === true);
  return nodes.map((n) => {
    if (!chosen.has(n.id) || !isStudioNode(n)) return n;
    const { [flag]: _old, ...data } = n.data;
    return { ...n, data: on ? { ...data, [flag]: true } : data };
  });
}

/** Write a node or frame as it is on screen (only what differs from the document is written). */
function writeShown(r: Roots, node: EditorNode): void {
  if (isStudioNode(node)) writeNode(r, docNodeOf(node));
  else writeGroup(r, docGroupOf(node));
}

/** Write a node's (or frame's) position alone; nothing for one no longer in the document (deleted meanwhile). */
function writePosition(r: Roots, node: EditorNode): void {
  const target = r.nodes.get(node.id) ?? r.groups.get(node.id);
  if (target) setJson(target, "position", (isStudioNode(node) ? docNodeOf(node) : docGroupOf(node)).position);
}

/** Write what differs between two versions of the graph on screen: nodes and edges added, removed, or changed
 * (a changed one is a new object; an unchanged one keeps its identity and is not looked at). */
function writeDiff(r: Roots, before: Graph, after: Graph): void {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const keptNodes = new Set<string>();
  for (const node of after.nodes) {
    keptNodes.add(node.id);
    if (beforeNodes.get(node.id) !== node) writeShown(r, node);
  }
  for (const node of before.nodes) if (!keptNodes.has(node.id)) deleteNode(r, node.id);
  const beforeEdges = new Map(before.edges.map((e) => [e.id, e]));
  const keptEdges = new Set<string>();
  for (const edge of after.edges) {
    keptEdges.add(edge.id);
    if (beforeEdges.get(edge.id) !== edge) writeEdge(r, docEdgeOf(edge));
  }
  for (const edge of before.edges) if (!keptEdges.has(edge.id)) deleteEdge(r, edge.id);
}

export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => {
  let binding: GraphBinding = bind(new Y.Doc());
  /** Nodes being dragged by this user, written to the document every DRAG_WRITE_MS while the drag goes on. */
  const dragged = new Set<string>();
  let dragTimer: ReturnType<typeof setTimeout> | undefined;

  function bind(doc: Y.Doc): GraphBinding {
    const next: GraphBinding = bindGraph(doc, (changes: Changes) => {
      const { nodes, edges, specsByType } = get();
      const graph = changes.nodes.size || changes.edges.size
        ? reflect(next.roots, { nodes, edges }, changes.nodes, changes.edges, specsByType) : null;
      if (graph) set((s) => ({ ...graph, revision: s.revision + 1 }));
      if (!changes.local) {
        dropDangling(next, changes);
        // a collaborator's edit (or an undo) answers run problems as this user's own edits do
        if (graph) for (const id of editedNodes({ nodes, edges }, graph, changes)) get().clearFailure(id);
      }
    }, (canUndo, canRedo) => set({ canUndo, canRedo }));
    return next;
  }

  /** Edits made apart can merge into an edge whose node is gone (one connected it while another deleted the node):
   * such an edge is taken out, by whoever may edit, as a repair no one's undo takes back. */
  function dropDangling(target: GraphBinding, changes: Changes): void {
    const { workflow, collab } = get();
    if (readOnly(workflow) || collab === "connecting" || collab === "closed") return;
    const r = target.roots;
    const gone = [...changes.nodes].filter((id) => !r.nodes.has(id) && !r.groups.has(id));
    if (gone.length === 0 && changes.edges.size === 0) return;
    const dangling: string[] = [];
    const candidates = gone.length ? r.edges.keys() : changes.edges.values();
    for (const id of candidates) {
      const edge = r.edges.get(id) as { source?: string; target?: string } | undefined;
      if (edge && (!r.nodes.has(edge.source ?? "") || !r.nodes.has(edge.target ?? ""))) dangling.push(id);
    }
    if (dangling.length) target.doc.transact(() => { for (const id of dangling) deleteEdge(r, id); }, "repair");
  }

  /** Edit `doc` from now on; `keep`: keep the order and selection of the nodes on screen. */
  function attach(doc: Y.Doc, keep: boolean): void {
    stopDrag();
    binding.destroy();
    binding = bind(doc);
    const { nodes, edges, specsByType } = get();
    const graph = reflectAll(binding.roots, keep ? { nodes, edges } : { nodes: [], edges: [] }, specsByType);
    set((s) => ({ ...graph, revision: s.revision + 1, canUndo: false, canRedo: false }));
  }

  /** Write the change from the graph on screen to `after` (one transaction, one undo step unless `key` joins it to
   * the last one). */
  const commit = (after: Partial<Graph>, key?: string) => {
    const { nodes, edges } = get();
    binding.write((r) => writeDiff(r, { nodes, edges }, { nodes: after.nodes ?? nodes, edges: after.edges ?? edges }),
      key);
  };

  /** Select exactly the nodes in `ids` (on this screen). */
  const selectOnly = (ids: ReadonlySet<string>) => set({
    nodes: get().nodes.map((n) => (ids.has(n.id) === Boolean(n.selected) ? n : { ...n, selected: ids.has(n.id) })),
  });

  function writeDragged(): void {
    dragTimer = undefined;
    if (dragged.size === 0) return;
    const moving = get().nodes.filter((n) => dragged.has(n.id));
    binding.write((r) => { for (const node of moving) writePosition(r, node); }, "drag");
  }

  function stopDrag(): void {
    clearTimeout(dragTimer);
    dragTimer = undefined;
    dragged.clear();
    binding.endStep();
  }

  return {
    workflow: null,
    specs: [],
    specsByType: new Map(),
    nodes: [],
    edges: [],
    clipboard: null,
    revision: 0,
    canUndo: false,
    canRedo: false,
    collab: "local",

    setSpecs: (specs) => {
      setKeySpecs(specs);  // what a node's result is made from (changedSince): not a file's name; bypasses
      set({ specs, specsByType: new Map(specs.map((s) => [s.type, s])) });
    },

    setWorkflowMeta: (workflow) => set({ workflow }),

    renameWorkflow: (title) => {
      const workflow = get().workflow;
      if (workflow) set({ workflow: { ...workflow, title } });
    },

    setCollab: (collab) => set({ collab }),

    loadDocument: (doc) => attach(docFromDocument(doc, "load"), false),

    attachDoc: (doc) => attach(doc, true),

    graphDoc: () => binding.doc,

    replaceGraph: (document) => {
      stopDrag();
      binding.undoManager.stopCapturing();
      applyDocument(binding.doc, document, binding.origin);
      binding.undoManager.stopCapturing();
    },

    undo: () => {
      stopDrag();
      binding.undoManager.undo();
    },

    redo: () => {
      stopDrag();
      binding.undoManager.redo();
    },

    onNodesChange: (changes) => {
      const before = get().nodes;
      const nodes = applyNodeChanges(changes, before);
      set({ nodes });
      const removed = new Set<string>();
      const settled = new Set<string>();  // moved or resized, and let go: written now
      let dragging = false;
      for (const change of changes) {
        if (change.type === "remove") removed.add(change.id);
        else if (change.type === "position" && change.position && change.dragging) {
          dragging = true;
          dragged.add(change.id);
        } else if ((change.type === "position" && change.position && !change.dragging)
          || (change.type === "dimensions" && change.resizing === false)) settled.add(change.id);
      }
      if (dragging) {
        binding.holdStep();  // a drag is one undo step however long it takes
        dragTimer ??= setTimeout(writeDragged, DRAG_WRITE_MS);
      }
      if (removed.size === 0 && settled.size === 0) return;
      const ending = [...settled].some((id) => dragged.has(id));
      clearTimeout(dragTimer);
      dragTimer = undefined;
      binding.write((r) => {
        for (const node of nodes) if (settled.has(node.id) || dragged.has(node.id)) writeShown(r, node);
        for (const id of removed) deleteNode(r, id);
        if (removed.size) {
          for (const edge of get().edges) {
            if (removed.has(edge.source) || removed.has(edge.target)) deleteEdge(r, edge.id);
          }
        }
      }, removed.size ? "remove" : "move");
      if (ending) stopDrag();
      else if (dragged.size) dragTimer = setTimeout(writeDragged, DRAG_WRITE_MS);
    },

    onEdgesChange: (changes) => {
      const removed = changes.filter((c) => c.type === "remove").map((c) => c.id);
      const local = changes.filter((c) => c.type !== "remove");
      if (local.length) set({ edges: applyEdgeChanges(local, get().edges) });
      if (removed.length) binding.write((r) => { for (const id of removed) deleteEdge(r, id); }, "remove");
    },

    connectPorts: (connection) => {
      const { nodes, edges, specsByType } = get();
      const result = connect(connection, nodes, edges, specsByType);
      if ("problem" in result) return result.problem;
      commit({ edges: result.edges });
      if (connection.target) get().clearFailure(connection.target);  // "needs a connection" is answered now
      return null;
    },

    addNode: (nodeType, position, params = {}) => {
      const spec = get().specsByType.get(nodeType);
      if (!spec) return null;
      const id = nextNodeId(nodeType, get().nodes.map((n) => n.id));
      const node = studioNode({ id, type: nodeType, params: { ...defaultParams(spec.params_schema), ...params },
        position });
      binding.write((r) => writeNode(r, docNodeOf(node)));
      selectOnly(new Set([id]));
      return id;
    },

    addNodes: (added) => {
      const { nodes, specsByType } = get();
      const taken = nodes.map((n) => n.id);
      const fresh = added.flatMap(({ nodeType, position, params = {} }) => {
        const spec = specsByType.get(nodeType);
        if (!spec) return [];
        const id = nextNodeId(nodeType, taken);
        taken.push(id);
        return [studioNode({ id, type: nodeType, params: { ...defaultParams(spec.params_schema), ...params }, position })];
      });
      if (fresh.length === 0) return [];
      commit({ nodes: [...nodes, ...fresh] });  // one transaction: one undo step takes them all back
      const ids = fresh.map((n) => n.id);
      selectOnly(new Set(ids));
      return ids;
    },

    addConnectedNode: (nodeType, position, from) => {
      const { nodes, edges, specsByType } = get();
      const spec = specsByType.get(nodeType);
      const port = originPort(from, nodes, specsByType);
      const fitting = spec && port && fittingPort(port, from.handleType === "source", spec);
      if (!fitting) return null;
      const id = nextNodeId(nodeType, nodes.map((n) => n.id));
      const node = studioNode({ id, type: nodeType, params: defaultParams(spec.params_schema), position });
      const connection = connectionTo(from, id, fitting);
      const result = connect(connection, [...nodes, node], edges, specsByType);
      commit({ nodes: [...nodes, node], ...("edges" in result ? { edges: result.edges } : {}) });  // one undo step
      selectOnly(new Set([id]));
      if ("edges" in result && connection.target) get().clearFailure(connection.target);
      return id;
    },

    updateParams: (nodeId, patch) => {
      // Typing into a field is one step however many keys it takes; a list or an object (a brush stroke, an
      // upload) is a step of its own, so undo takes back one stroke, not every stroke of the last second.
      const typed = Object.values(patch).every((value) => value === null || typeof value !== "object");
      const target = binding.roots.nodes.get(nodeId);
      if (!target) return;
      binding.write(() => {
        let params = target.get("params");
        if (!(params instanceof Y.Map)) {
          params = new Y.Map<unknown>();
          target.set("params", params);
        }
        for (const [key, value] of Object.entries(patch)) setJson(params as Y.Map<unknown>, key, value);
      }, typed ? `params:${nodeId}:${Object.keys(patch).join(",")}` : undefined);
      get().clearFailure(nodeId);
    },

    renameFrame: (nodeId, title) => {
      const frame = binding.roots.groups.get(nodeId);
      if (frame) binding.write(() => setJson(frame, "title", title), `title:${nodeId}`);
    },

    toggleBypass: (ids) => {
      const nodes = toggled(get().nodes, ids, "bypass");
      if (!nodes) return;
      commit({ nodes });
      for (const id of ids) get().clearFailure(id);
    },

    toggleCollapsed: (ids) => {
      const nodes = toggled(get().nodes, ids, "collapsed");
      if (nodes) commit({ nodes });
    },

    renameNode: (nodeId, title) => {
      const name = title.trim();
      const node = get().nodes.find((n) => n.id === nodeId);
      if (!node || !isStudioNode(node) || (node.data.title ?? "") === name) return;
      const { title: _old, ...data } = node.data;
      const renamed: StudioNode = { ...node, data: name ? { ...data, title: name } : data };
      commit({ nodes: get().nodes.map((n) => (n.id === nodeId ? renamed : n)) });
    },

    replaceNodeType: (nodeId, spec) => {
      const node = get().nodes.find((n) => n.id === nodeId);
      if (!node || !isStudioNode(node)) return;
      const { params, droppedEdges } = replaceType(nodeId, node.data.params, get().edges, spec);
      binding.write((r) => {
        const current = readNode(r, nodeId);  // gone meanwhile (a collaborator deleted it): nothing to replace
        if (!current) return;
        writeNode(r, { ...current, type: spec.type, params });  // only the type and the params that differ
        for (const id of droppedEdges) deleteEdge(r, id);
      });
      binding.undoManager.stopCapturing();  // the next edit is an undo step of its own
      get().clearFailure(nodeId);  // its "unknown type" is answered
    },

    renamingNodeId: null,
    startRename: (renamingNodeId) => set({ renamingNodeId }),

    deleteNodes: (ids) => {
      const doomed = new Set(ids);
      const { nodes, edges } = get();
      let kept = nodes;
      for (const frame of nodes.filter((n) => doomed.has(n.id) && n.type === "frame")) {
        kept = ungroup(kept, frame.id);
      }
      kept = kept.filter((n) => !doomed.has(n.id));
      commit({ nodes: kept, edges: edges.filter((e) => !doomed.has(e.source) && !doomed.has(e.target)) });
    },

    duplicateNodes: (ids) => {
      const { nodes, edges } = get();
      const copy = cloneWithNewIds(extract(nodes, edges, new Set(ids)), nodes, { x: 40, y: 40 });
      if (copy.nodes.length === 0) return;
      commit({ nodes: [...nodes, ...copy.nodes], edges: [...edges, ...copy.edges] });
      selectOnly(new Set(copy.nodes.map((n) => n.id)));
    },

    copySelection: () => {
      const { nodes, edges } = get();
      const part = extract(nodes, edges, selectedIds(nodes));
      if (part.nodes.length === 0) return;
      set({ clipboard: structuredClone(part) });
      storeCopiedNodes(part);  // for another project, in this tab or another
    },

    pasteSource: () => {
      // the browser's last copy, as a system clipboard holds it: this page's, or one made since in another project or
      // tab; this page's own only when the browser keeps none (its storage refused it)
      const stored = readCopiedNodes(get().specsByType);
      if (stored === null) return get().clipboard;
      if (stored.notice) get().notify(stored.notice, "error");
      return stored.part.nodes.length ? stored.part : null;
    },

    paste: (position, source) => {
      const { nodes, edges } = get();
      const clipboard = source === undefined ? get().pasteSource() : source;
      if (!clipboard || clipboard.nodes.length === 0) return;
      const topLeft = clipboard.nodes.filter((n) => !n.parentId).reduce(
        (acc, n) => ({ x: Math.min(acc.x, n.position.x), y: Math.min(acc.y, n.position.y) }),
        { x: Infinity, y: Infinity });
      const offset = position ? { x: position.x - topLeft.x, y: position.y - topLeft.y } : { x: 40, y: 40 };
      const copy = cloneWithNewIds(clipboard, nodes, offset);
      set({ clipboard: { nodes: copy.nodes, edges: copy.edges } });
      commit({ nodes: [...nodes, ...copy.nodes], edges: [...edges, ...copy.edges] });
      selectOnly(new Set(copy.nodes.map((n) => n.id)));
    },

    groupSelection: () => {
      const { nodes } = get();
      const ids = selectedIds(nodes);
      if (ids.size === 0) return;
      commit({ nodes: group(nodes, ids) });
      selectOnly(new Set());
    },

    ungroupFrame: (frameId) => commit({ nodes: ungroup(get().nodes, frameId) }),

    applyPlan: (plan) => {
      const { nodes, edges, specsByType } = get();
      const patched = patchGraph(nodes, edges, plan, specsByType);
      commit(patched);  // one transaction: one undo step takes the whole plan back
      selectOnly(new Set(patched.added));
      for (const change of plan.change_nodes ?? []) get().clearFailure(change.id);
    },
  };
};
