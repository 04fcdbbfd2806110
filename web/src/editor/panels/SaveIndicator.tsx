// Saved / saving / offline / conflict state of the autosave, always visible in the toolbar.

import { useEditor } from "../store/editorStore";
import type { SaveState } from "../types";

const LABEL: Record<SaveState, string> = {
  loading: "Loading…", saved: "Saved", dirty: "Unsaved changes", saving: "Saving…",
  offline: "Offline — will retry", error: "Not saved", conflict: "Changed elsewhere — not saved",
};
const DOT: Record<SaveState, string> = {
  loading: "bg-zinc-300", saved: "bg-emerald-500", dirty: "bg-amber-400", saving: "bg-indigo-500 animate-pulse",
  offline: "bg-zinc-400", error: "bg-red-500", conflict: "bg-red-500",
};

export function SaveIndicator() {
  const state = useEditor((s) => s.saveState);
  return (
    <span data-testid="save-state" data-state={state} role="status" aria-live="polite"
      className="flex items-center gap-1.5 text-xs text-zinc-500">
      <span className={`h-1.5 w-1.5 rounded-full ${DOT[state]}`} />
      {LABEL[state]}
    </span>
  );
}
