// Graph state: nodes, edges, the registry they come from, undo/redo history and the clipboard.

import { applyEdgeChanges, applyNodeChanges } from "@xyflow/react";
import type { Connection, EdgeChange, NodeChange, XYPosition } from "@xyflow/react";
import type { StateCreator } from "zustand";
import type { NodeSpec, Plan, WorkflowAccess, WorkflowDocument } from "../../api/types";
import { edgeOf, fromDocument, studioNode } from "../graph/document";
import { cloneWithNewIds, connect, connectionTo, extract, fittingPort, group, originPort, ungroup }
  from "../graph/edit";
import { nextNodeId } from "../graph/ids";
import { defaultParams } from "../graph/schemaForm";
import {
  isStudioNode, type EditorEdge, type EditorNode, type GraphSnapshot, type PortOrigin, type StudioNode,
} from "../types";
import type { EditorState } from "./editorStore";

const HISTORY_LIMIT = 100;
/** Edits of one field within this window are one undo step (typing a prompt is not 40 steps). */
const COALESCE_MS = 1000;

export interface WorkflowMeta {
  id: string;
  title: string;
  version: number;
  /** What this user may do with it (accounts mode): `viewer` and `public` only read. Absent: the owner. */
  access?: WorkflowAccess;
  isPublic?: boolean;
}

/** Whether the user may only look at the project (shared with them as viewer, or public): nothing is saved. */
export const readOnly = (meta: WorkflowMeta | null): boolean => meta?.access === "viewer" || meta?.access === "public";

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
  past: GraphSnapshot[];
  future: GraphSnapshot[];
  clipboard: GraphSnapshot | null;
  /** Bumped on every change that should be saved. */
  revision: number;
  lastEdit: { key: string; at: number } | null;

  setSpecs(specs: NodeSpec[]): void;
  setWorkflowMeta(meta: WorkflowMeta): void;
  renameWorkflow(title: string): void;
  loadDocument(doc: WorkflowDocument): void;
  checkpoint(key?: string): void;
  undo(): void;
  redo(): void;
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  connectPorts(connection: Connection): string | null;
  addNode(nodeType: string, position: XYPosition): string | null;
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
  /** The node whose name is being edited in place, if any. */
  renamingNodeId: string | null;
  startRename(nodeId: string | null): void;
  deleteNodes(ids: string[]): void;
  duplicateNodes(ids: string[]): void;
  copySelection(): void;
  paste(position?: XYPosition): void;
  groupSelection(): void;
  ungroupFrame(frameId: string): void;
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

export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => {
  const commit = (next: Partial<Pick<GraphSlice, "nodes" | "edges">>) =>
    set((s) => ({ ...next, revision: s.revision + 1 }));

  return {
    workflow: null,
    specs: [],
    specsByType: new Map(),
    nodes: [],
    edges: [],
    past: [],
    future: [],
    clipboard: null,
    revision: 0,
    lastEdit: null,

    setSpecs: (specs) => set({ specs, specsByType: new Map(specs.map((s) => [s.type, s])) }),

    setWorkflowMeta: (workflow) => set({ workflow }),

    renameWorkflow: (title) => {
      const workflow = get().workflow;
      if (workflow) set((s) => ({ workflow: { ...workflow, title }, revision: s.revision + 1 }));
    },

    loadDocument: (doc) => {
      const { nodes, edges } = fromDocument(doc, get().specsByType);
      set({ nodes, edges, past: [], future: [], revision: 0, lastEdit: null,
        thumbnailAssetId: doc.thumbnail?.asset_id ?? null });
    },

    checkpoint: (key) => {
      const { nodes, edges, past, lastEdit } = get();
      const now = Date.now();
      if (key && lastEdit?.key === key && now - lastEdit.at < COALESCE_MS) {
        set({ lastEdit: { key, at: now } });
        return;
      }
      set({ past: [...past, { nodes, edges }].slice(-HISTORY_LIMIT), future: [],
        lastEdit: key ? { key, at: now } : null });
    },

    undo: () => {
      const { past, future, nodes, edges } = get();
      const previous = past[past.length - 1];
      if (!previous) return;
      set((s) => ({ ...previous, past: past.slice(0, -1), future: [{ nodes, edges }, ...future],
        revision: s.revision + 1, lastEdit: null }));
    },

    redo: () => {
      const { past, future, nodes, edges } = get();
      const next = future[0];
      if (!next) return;
      set((s) => ({ ...next, future: future.slice(1), past: [...past, { nodes, edges }],
        revision: s.revision + 1, lastEdit: null }));
    },

    onNodesChange: (changes) => {
      const removing = changes.some((c) => c.type === "remove");
      if (removing) get().checkpoint();
      const nodes = applyNodeChanges(changes, get().nodes);
      const persistent = changes.some((c) => c.type === "remove" || c.type === "add" ||
        (c.type === "position" && c.dragging === false) || (c.type === "dimensions" && c.resizing === false));
      if (persistent) commit({ nodes });
      else set({ nodes });
    },

    onEdgesChange: (changes) => {
      const removing = changes.some((c) => c.type === "remove");
      if (removing) get().checkpoint();
      const edges = applyEdgeChanges(changes, get().edges);
      if (removing) commit({ edges });
      else set({ edges });
    },

    connectPorts: (connection) => {
      const { nodes, edges, specsByType } = get();
      const result = connect(connection, nodes, edges, specsByType);
      if ("problem" in result) return result.problem;
      get().checkpoint();
      commit({ edges: result.edges });
      if (connection.target) get().clearFailure(connection.target);  // "needs a connection" is answered now
      return null;
    },

    addNode: (nodeType, position) => {
      const spec = get().specsByType.get(nodeType);
      if (!spec) return null;
      const id = nextNodeId(nodeType, get().nodes.map((n) => n.id));
      const node: StudioNode = { ...studioNode({ id, type: nodeType, params: defaultParams(spec.params_schema),
        position }), selected: true };
      get().checkpoint();
      commit({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
      return id;
    },

    addConnectedNode: (nodeType, position, from) => {
      const { nodes, specsByType } = get();
      const spec = specsByType.get(nodeType);
      const port = originPort(from, nodes, specsByType);
      const fitting = spec && port && fittingPort(port, from.handleType === "source", spec);
      if (!fitting) return null;
      const id = get().addNode(nodeType, position);
      if (!id) return null;
      const connection = connectionTo(from, id, fitting);
      const result = connect(connection, get().nodes, get().edges, specsByType);
      if ("edges" in result) {
        commit({ edges: result.edges });  // part of addNode's undo step
        if (connection.target) get().clearFailure(connection.target);
      }
      return id;
    },

    updateParams: (nodeId, patch) => {
      // Typing into a field is one step however many keys it takes; a list or an object (a brush stroke, an
      // upload) is a step of its own, so undo takes back one stroke, not every stroke of the last second.
      const typed = Object.values(patch).every((value) => value === null || typeof value !== "object");
      get().checkpoint(typed ? `params:${nodeId}:${Object.keys(patch).join(",")}` : undefined);
      commit({
        nodes: get().nodes.map((n) => n.id === nodeId && n.type === "studio"
          ? { ...n, data: { ...n.data, params: { ...n.data.params, ...patch } } } : n),
      });
      get().clearFailure(nodeId);
    },

    renameFrame: (nodeId, title) => {
      get().checkpoint(`title:${nodeId}`);
      commit({ nodes: get().nodes.map((n) => n.id === nodeId && n.type === "frame"
        ? { ...n, data: { title } } : n) });
    },

    toggleBypass: (ids) => {
      const nodes = toggled(get().nodes, ids, "bypass");
      if (!nodes) return;
      get().checkpoint();
      commit({ nodes });
      for (const id of ids) get().clearFailure(id);
    },

    toggleCollapsed: (ids) => {
      const nodes = toggled(get().nodes, ids, "collapsed");
      if (!nodes) return;
      get().checkpoint();
      commit({ nodes });
    },

    renameNode: (nodeId, title) => {
      const name = title.trim();
      const node = get().nodes.find((n) => n.id === nodeId);
      if (!node || !isStudioNode(node) || (node.data.title ?? "") === name) return;
      get().checkpoint();
      const { title: _old, ...data } = node.data;
      commit({ nodes: get().nodes.map((n) => (n.id === nodeId ? { ...node, data: name ? { ...data, title: name } : data }
        : n)) });
    },

    renamingNodeId: null,
    startRename: (renamingNodeId) => set({ renamingNodeId }),

    deleteNodes: (ids) => {
      const doomed = new Set(ids);
      const { nodes, edges } = get();
      get().checkpoint();
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
      get().checkpoint();
      commit({ nodes: [...nodes.map((n) => ({ ...n, selected: false })), ...copy.nodes],
        edges: [...edges, ...copy.edges] });
    },

    copySelection: () => {
      const { nodes, edges } = get();
      const part = extract(nodes, edges, selectedIds(nodes));
      if (part.nodes.length) set({ clipboard: structuredClone(part) });
    },

    paste: (position) => {
      const { clipboard, nodes, edges } = get();
      if (!clipboard || clipboard.nodes.length === 0) return;
      const topLeft = clipboard.nodes.filter((n) => !n.parentId).reduce(
        (acc, n) => ({ x: Math.min(acc.x, n.position.x), y: Math.min(acc.y, n.position.y) }),
        { x: Infinity, y: Infinity });
      const offset = position ? { x: position.x - topLeft.x, y: position.y - topLeft.y } : { x: 40, y: 40 };
      const copy = cloneWithNewIds(clipboard, nodes, offset);
      get().checkpoint();
      set({ clipboard: { nodes: copy.nodes, edges: copy.edges } });
      commit({ nodes: [...nodes.map((n) => ({ ...n, selected: false })), ...copy.nodes],
        edges: [...edges, ...copy.edges] });
    },

    groupSelection: () => {
      const { nodes } = get();
      const ids = selectedIds(nodes);
      if (ids.size === 0) return;
      get().checkpoint();
      commit({ nodes: group(nodes, ids) });
    },

    ungroupFrame: (frameId) => {
      get().checkpoint();
      commit({ nodes: ungroup(get().nodes, frameId) });
    },

    applyPlan: (plan) => {
      const { nodes, edges, specsByType } = get();
      get().checkpoint();
      const added = plan.nodes.map((n) => ({ ...studioNode(n), selected: true }));
      commit({
        nodes: [...nodes.map((n) => ({ ...n, selected: false })), ...added],
        edges: [...edges, ...plan.edges.map((e) => edgeOf(e, specsByType, plan.nodes))],
      });
    },
  };
};
