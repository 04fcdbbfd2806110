// Text typed into a parameter field that is no valid value for it (a number field's "-5"): the graph keeps the value
// it had, so a run would use that one unseen. Each field says here when it holds such text and when it no longer does
// (the text became valid, was put back, the field went away); while any does, Run refuses (runGate.ts).

import type { StateCreator } from "zustand";
import { isStudioNode } from "../types";
import type { EditorState } from "./editorStore";

/** Text one field holds that the graph does not take. */
export interface FieldDraft {
  nodeId: string;
  /** The field's label: "Crop X". */
  label: string;
  /** What is wrong with the text, as the field says under itself. */
  problem: string;
  /** The value the node keeps meanwhile, as the field shows it ("10"), which Escape puts back; "" for none. */
  keeps: string;
}

export interface FieldDraftSlice {
  /** By the field's input id: a node's field shows on the canvas and in its settings, each with its own text. */
  fieldDrafts: Record<string, FieldDraft>;

  holdFieldDraft(inputId: string, draft: FieldDraft): void;
  dropFieldDraft(inputId: string): void;
}

const same = (a: FieldDraft | undefined, b: FieldDraft) =>
  a !== undefined && a.nodeId === b.nodeId && a.label === b.label && a.problem === b.problem && a.keeps === b.keeps;

export const createFieldDraftSlice: StateCreator<EditorState, [], [], FieldDraftSlice> = (set, get) => ({
  fieldDrafts: {},

  holdFieldDraft: (inputId, draft) => {
    if (same(get().fieldDrafts[inputId], draft)) return;
    set((s) => ({ fieldDrafts: { ...s.fieldDrafts, [inputId]: draft } }));
  },
  dropFieldDraft: (inputId) => {
    if (!(inputId in get().fieldDrafts)) return;
    set((s) => {
      const { [inputId]: _dropped, ...rest } = s.fieldDrafts;
      return { fieldDrafts: rest };
    });
  },
});

/** The drafts held in fields of nodes still in the graph (a node taken away by a collaborator, another tab or undo
 * takes its fields' text with it, even before they are unmounted), with the id of the field holding each; only
 * those on `among` when given. */
export function heldDrafts(state: Pick<EditorState, "fieldDrafts" | "nodes">,
  among?: ReadonlySet<string>): [string, FieldDraft][] {
  const entries = Object.entries(state.fieldDrafts);
  if (entries.length === 0) return entries;
  const present = new Set(state.nodes.filter(isStudioNode).map((node) => node.id));
  return entries.filter(([, draft]) => present.has(draft.nodeId) && (!among || among.has(draft.nodeId)));
}
