// The editor's one store, composed of three slices: graph (+ history), run state and UI chrome.

import { create } from "zustand";
import { createGraphSlice, type GraphSlice } from "./graphSlice";
import { createRunSlice, type RunSlice } from "./runSlice";
import { createUiSlice, type UiSlice } from "./uiSlice";

export type EditorState = GraphSlice & RunSlice & UiSlice;

export const useEditor = create<EditorState>()((...args) => ({
  ...createGraphSlice(...args),
  ...createRunSlice(...args),
  ...createUiSlice(...args),
}));

const initialState = useEditor.getState();

/** A fresh state for a newly opened workflow: keeps the node registry, drops everything else. */
export function resetEditor(): void {
  const { specs, specsByType } = useEditor.getState();
  useEditor.setState({ ...initialState, specs, specsByType }, true);
}
