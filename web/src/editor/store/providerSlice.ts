// AI providers as the server reports them, and the palette's "Ready to run" filter that depends on them.

import type { StateCreator } from "zustand";
import type { ProviderStatus } from "../../api/types";
import { indexProviders, type ProviderIndex } from "../graph/providers";
import type { EditorState } from "./editorStore";

export interface ProviderSlice {
  /** Null until GET /api/v1/providers answers (or when it could not). */
  providers: ProviderIndex | null;
  readyOnly: boolean;

  setProviders(providers: ProviderStatus[] | null): void;
  setReadyOnly(readyOnly: boolean): void;
}

export const createProviderSlice: StateCreator<EditorState, [], [], ProviderSlice> = (set) => ({
  providers: null,
  readyOnly: false,

  setProviders: (providers) => set({ providers: providers ? indexProviders(providers) : null }),
  setReadyOnly: (readyOnly) => set({ readyOnly }),
});
