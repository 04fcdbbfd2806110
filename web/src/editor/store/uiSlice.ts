// Editor chrome state: menus, panels, the help sheet, the AI dock and transient notices.

import type { XYPosition } from "@xyflow/react";
import type { StateCreator } from "zustand";
import type { ContextMenuState, SaveState } from "../types";
import type { EditorState } from "./editorStore";

export interface Notice {
  id: number;
  message: string;
  tone: "info" | "error";
}

export interface UiSlice {
  menu: ContextMenuState | null;
  quickAdd: { x: number; y: number; flow: XYPosition } | null;
  settingsNodeId: string | null;
  helpOpen: boolean;
  galleryOpen: boolean;
  dockOpen: boolean;
  dockHidden: boolean;
  notice: Notice | null;
  saveState: SaveState;

  openMenu(menu: ContextMenuState | null): void;
  openQuickAdd(at: UiSlice["quickAdd"]): void;
  openSettings(nodeId: string | null): void;
  toggleHelp(open?: boolean): void;
  toggleGallery(open?: boolean): void;
  setDock(state: Partial<Pick<UiSlice, "dockOpen" | "dockHidden">>): void;
  notify(message: string, tone?: Notice["tone"]): void;
  dismissNotice(): void;
  setSaveState(state: SaveState): void;
}

let noticeSeq = 0;

export const createUiSlice: StateCreator<EditorState, [], [], UiSlice> = (set, get) => ({
  menu: null,
  quickAdd: null,
  settingsNodeId: null,
  helpOpen: false,
  galleryOpen: false,
  dockOpen: true,
  dockHidden: false,
  notice: null,
  saveState: "loading",

  openMenu: (menu) => set({ menu, quickAdd: null }),
  openQuickAdd: (quickAdd) => set({ quickAdd, menu: null }),
  openSettings: (settingsNodeId) => set({ settingsNodeId, menu: null }),
  toggleHelp: (open) => set({ helpOpen: open ?? !get().helpOpen }),
  toggleGallery: (open) => set({ galleryOpen: open ?? !get().galleryOpen }),
  setDock: (state) => set(state),
  notify: (message, tone = "info") => set({ notice: { id: ++noticeSeq, message, tone } }),
  dismissNotice: () => set({ notice: null }),
  setSaveState: (saveState) => set({ saveState }),
});
