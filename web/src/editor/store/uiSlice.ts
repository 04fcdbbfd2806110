// Editor chrome state: menus, panels, the palette on a narrow screen, the help sheet, the AI dock and transient
// notices.

import type { XYPosition } from "@xyflow/react";
import type { StateCreator } from "zustand";
import type { ContextMenuState, PortOrigin, SaveState } from "../types";
import type { EditorState } from "./editorStore";

export interface Notice {
  id: number;
  message: string;
  tone: "info" | "error";
  /** Stays until the user dismisses it (or another notice takes its place), instead of going after a while. */
  sticky?: boolean;
  /** A button on the notice that does what it offers ("Use mine"), then closes it. */
  action?: { label: string; run: () => void };
  /** Whether what the notice reports is over (a node added since "Add a node before running"): once it is, the
   * notice goes, rather than stay to contradict the screen. */
  over?: (state: EditorState) => boolean;
}

/** A file dropped on the canvas while it uploads: where its node will appear once the server has stored it. */
export interface PendingUpload {
  id: number;
  name: string;
  position: XYPosition;
}

export interface UiSlice {
  menu: ContextMenuState | null;
  /** Where quick-add opens (window and canvas coordinates) and, after a drag from a handle, that handle. */
  quickAdd: { x: number; y: number; flow: XYPosition; from?: PortOrigin } | null;
  settingsNodeId: string | null;
  helpOpen: boolean;
  galleryOpen: boolean;
  /** The run history; it takes the Results panel's place, so opening one closes the other. */
  historyOpen: boolean;
  dockOpen: boolean;
  dockHidden: boolean;
  /** The node palette is open over the canvas: on a narrow screen (a phone) only, where it starts closed; wider, it
   * always shows beside the canvas, whatever this says. */
  paletteOpen: boolean;
  notice: Notice | null;
  saveState: SaveState;
  /** The result open in the full-size viewer (its key, see viewer/results.ts) and what it is compared with. */
  viewer: ViewerState | null;
  /** A request to the canvas to fit in view the nodes `ids` (a failed node that Show why opens), or the whole graph
   * (null: after a restore replaced it); `n` counts requests, so asking again for the same is a new request. */
  fitView: { n: number; ids: string[] | null };
  /** Files dropped on the canvas that are still uploading (on this screen only: nothing is in the graph yet). */
  pendingUploads: PendingUpload[];

  requestFitView(ids?: string[]): void;
  openMenu(menu: ContextMenuState | null): void;
  openQuickAdd(at: UiSlice["quickAdd"]): void;
  openSettings(nodeId: string | null): void;
  toggleHelp(open?: boolean): void;
  toggleGallery(open?: boolean): void;
  toggleHistory(open?: boolean): void;
  setDock(state: Partial<Pick<UiSlice, "dockOpen" | "dockHidden">>): void;
  togglePalette(open?: boolean): void;
  /** Show `message` in place of any notice; returns its id (Notice). */
  notify(message: string, tone?: Notice["tone"], options?: Pick<Notice, "sticky" | "action" | "over">): number;
  dismissNotice(): void;
  setSaveState(state: SaveState): void;
  /** Open the viewer on a result; `compareKey` opens it comparing with another picture. */
  openViewer(key: string, compareKey?: string | null): void;
  closeViewer(): void;
  /** Show a dropped file uploading where its node will go; the returned function takes it away. */
  showPendingUpload(name: string, position: XYPosition): () => void;
}

export interface ViewerState {
  key: string;
  compareKey: string | null;
}

let noticeSeq = 0;
let uploadSeq = 0;

export const createUiSlice: StateCreator<EditorState, [], [], UiSlice> = (set, get) => ({
  menu: null,
  quickAdd: null,
  settingsNodeId: null,
  helpOpen: false,
  galleryOpen: false,
  historyOpen: false,
  dockOpen: true,
  dockHidden: false,
  paletteOpen: false,
  notice: null,
  saveState: "loading",
  viewer: null,
  fitView: { n: 0, ids: null },
  pendingUploads: [],
  requestFitView: (ids) => set((s) => ({ fitView: { n: s.fitView.n + 1, ids: ids ?? null } })),

  openMenu: (menu) => set({ menu, quickAdd: null }),
  openQuickAdd: (quickAdd) => set({ quickAdd, menu: null }),
  // Results and History are drawn over the settings: opening a node's settings puts them away (and the comments or
  // versions panel: activity/panels.ts)
  openSettings: (settingsNodeId) => set(settingsNodeId
    ? { settingsNodeId, menu: null, galleryOpen: false, historyOpen: false } : { settingsNodeId, menu: null }),
  toggleHelp: (open) => set({ helpOpen: open ?? !get().helpOpen }),
  toggleGallery: (open) => {
    const galleryOpen = open ?? !get().galleryOpen;
    set(galleryOpen ? { galleryOpen, historyOpen: false } : { galleryOpen });
  },
  toggleHistory: (open) => {
    const historyOpen = open ?? !get().historyOpen;
    set(historyOpen ? { historyOpen, galleryOpen: false } : { historyOpen });
  },
  setDock: (state) => set(state),
  togglePalette: (open) => set({ paletteOpen: open ?? !get().paletteOpen }),
  notify: (message, tone = "info", options = {}) => {
    const id = ++noticeSeq;
    set({ notice: { id, message, tone, ...options } });
    return id;
  },
  dismissNotice: () => set({ notice: null }),
  setSaveState: (saveState) => set({ saveState }),
  openViewer: (key, compareKey = null) => set({ viewer: { key, compareKey }, menu: null }),
  closeViewer: () => set({ viewer: null }),
  showPendingUpload: (name, position) => {
    const id = ++uploadSeq;
    set((s) => ({ pendingUploads: [...s.pendingUploads, { id, name, position }] }));
    return () => set((s) => ({ pendingUploads: s.pendingUploads.filter((upload) => upload.id !== id) }));
  },
});
