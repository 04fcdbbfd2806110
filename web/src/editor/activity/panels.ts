// Which collaboration panel is open on the right (comments or versions). They share the right edge with the
// Results and History panels: opening one closes the others.

import { create } from "zustand";
import { useEditor } from "../store/editorStore";

export type CollabPanel = "comments" | "versions";

export const useCollabPanel = create<{ panel: CollabPanel | null }>()(() => ({ panel: null }));

/** Open `panel` (closing Results and History), close it (null), or toggle it when it is open already. */
export function openCollabPanel(panel: CollabPanel | null, toggle = false): void {
  const now = useCollabPanel.getState().panel;
  const next = toggle && now === panel ? null : panel;
  if (next) {
    const editor = useEditor.getState();
    if (editor.historyOpen) editor.toggleHistory(false);
    if (editor.galleryOpen) editor.toggleGallery(false);
  }
  useCollabPanel.setState({ panel: next });
}

// Results or History opening takes the right edge back, and so do a node's settings.
useEditor.subscribe((state, before) => {
  const opened = (now: unknown, was: unknown) => Boolean(now) && now !== was;
  if (opened(state.historyOpen, before.historyOpen) || opened(state.galleryOpen, before.galleryOpen)
    || opened(state.settingsNodeId, before.settingsNodeId)) {
    useCollabPanel.setState({ panel: null });
  }
});
