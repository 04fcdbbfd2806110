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

// Results or History opening takes the right edge back.
useEditor.subscribe((state, before) => {
  if ((state.historyOpen && !before.historyOpen) || (state.galleryOpen && !before.galleryOpen)) {
    useCollabPanel.setState({ panel: null });
  }
});
