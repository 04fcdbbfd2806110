// The editor's one store, composed of slices: graph (+ undo), run state, providers, UI chrome and the text fields
// hold that the graph does not take. A project the user may only look at (viewer, public) takes no edits: every
// action that changes the graph is refused here, the one way in, whatever asked for it (canvas, keyboard shortcut,
// menu, AI dock). So is every edit of the graph while the live document is not there to take it (still connecting,
// or closed by the server); the title, saved through the API and not in that document, may be typed while it
// connects.

import type { EdgeChange, NodeChange } from "@xyflow/react";
import { create } from "zustand";
import type { EditorEdge, EditorNode } from "../types";
import { createFieldDraftSlice, type FieldDraftSlice } from "./fieldDraftSlice";
import { createGraphSlice, readOnly, type GraphSlice } from "./graphSlice";
import { createProviderSlice, type ProviderSlice } from "./providerSlice";
import { createRunSlice, type RunSlice } from "./runSlice";
import { createUiSlice, type UiSlice } from "./uiSlice";

export type EditorState = GraphSlice & RunSlice & ProviderSlice & UiSlice & FieldDraftSlice;

/** What a viewer is told when a change is asked of a project they may only look at. */
export const VIEW_ONLY_TEXT = "This project is view only: make your own copy to change it";

/** On a view-only project: selecting and measuring nodes still happen (looking needs them), nothing else. */
const LOOKING: ReadonlySet<string> = new Set(["select", "dimensions"]);

function viewOnlyGuards(state: EditorState, get: () => EditorState): Partial<EditorState> {
  const locked = () => !editable(get());
  const unless = <A extends unknown[], R>(action: (...args: A) => R, refused: R) =>
    (...args: A): R => (locked() ? refused : action(...args));
  return {
    renameWorkflow: (title) => { if (titleEditable(get())) state.renameWorkflow(title); },
    undo: unless(state.undo, undefined),
    redo: unless(state.redo, undefined),
    onNodesChange: (changes: NodeChange<EditorNode>[]) => {
      const allowed = locked() ? changes.filter((c) => LOOKING.has(c.type)) : changes;
      if (allowed.length) state.onNodesChange(allowed);
    },
    onEdgesChange: (changes: EdgeChange<EditorEdge>[]) => {
      const allowed = locked() ? changes.filter((c) => c.type === "select") : changes;
      if (allowed.length) state.onEdgesChange(allowed);
    },
    connectPorts: unless(state.connectPorts, VIEW_ONLY_TEXT),
    replaceGraph: unless(state.replaceGraph, undefined),
    addNode: unless(state.addNode, null),
    addNodes: unless(state.addNodes, []),
    addConnectedNode: unless(state.addConnectedNode, null),
    updateParams: unless(state.updateParams, undefined),
    renameFrame: unless(state.renameFrame, undefined),
    toggleBypass: unless(state.toggleBypass, undefined),
    toggleCollapsed: unless(state.toggleCollapsed, undefined),
    renameNode: unless(state.renameNode, undefined),
    replaceNodeType: unless(state.replaceNodeType, undefined),
    startRename: (nodeId) => state.startRename(locked() ? null : nodeId),
    deleteNodes: unless(state.deleteNodes, undefined),
    duplicateNodes: unless(state.duplicateNodes, undefined),
    paste: unless(state.paste, undefined),
    groupSelection: unless(state.groupSelection, undefined),
    ungroupFrame: unless(state.ungroupFrame, undefined),
    applyPlan: unless(state.applyPlan, undefined),
  };
}

/** A new editor store (the page has one, `useEditor`; tests make more, one per collaborator). */
export function createEditorStore() {
  return create<EditorState>()((...args) => {
    const state: EditorState = {
      ...createGraphSlice(...args),
      ...createRunSlice(...args),
      ...createProviderSlice(...args),
      ...createUiSlice(...args),
      ...createFieldDraftSlice(...args),
    };
    const get = args[1];
    return { ...state, ...viewOnlyGuards(state, get) };
  });
}

export const useEditor = createEditorStore();

/** Whether this page may change the graph now: not a view-only project, and a document there to take the change
 * (local, or live, or offline after having synced). */
export function editable(state: Pick<EditorState, "workflow" | "collab">): boolean {
  return !readOnly(state.workflow) && state.collab !== "connecting" && state.collab !== "closed";
}

/** Whether this page may rename the project now. Not `editable`: the title is saved through the API (useAutosave),
 * not in the live document, so a title typed as the editor opens, before that document's first sync, is kept (it
 * was refused, and the field put "Untitled project" back under the cursor). Not once the link is closed: the
 * project is gone, or no longer this user's to change. */
export function titleEditable(state: Pick<EditorState, "workflow" | "collab">): boolean {
  return !readOnly(state.workflow) && state.collab !== "closed";
}

const initialState = useEditor.getState();

/** A fresh state for a newly opened workflow: keeps the node registry and providers, drops everything else. */
export function resetEditor(): void {
  const { specs, specsByType, providers, readyOnly } = useEditor.getState();
  useEditor.setState({ ...initialState, specs, specsByType, providers, readyOnly }, true);
  useEditor.getState().loadDocument({ schema_version: 1, nodes: [], edges: [] });  // a new, empty document
}
