// The editor's one store, composed of slices: graph (+ history), run state, providers and UI chrome.

import { create } from "zustand";
import { createGraphSlice, type GraphSlice } from "./graphSlice";
import { createProviderSlice, type ProviderSlice } from "./providerSlice";
import { createRunSlice, type RunSlice } from "./runSlice";
import { createUiSlice, type UiSlice } from "./uiSlice";

export type EditorState = GraphSlice & RunSlice & ProviderSlice & UiSlice;

export const useEditor = create<EditorState>()((...args) => ({
  ...createGraphSlice(...args),
  ...createRunSlice(...args),
  ...createProviderSlice(...args),
  ...createUiSlice(...args),
}));

const initialState = useEditor.getState();

/** A fresh state for a newly opened workflow: keeps the node registry and providers, drops everything else. */
export function resetEditor(): void {
  const { specs, specsByType, providers, readyOnly } = useEditor.getState();
  useEditor.setState({ ...initialState, specs, specsByType, providers, readyOnly }, true);
}
