// "Moved <title> to the trash. Undo": the toast after a delete or "Move all to trash"; Undo brings the projects back
// from the trash (the dialog and the card's Delete say "trash": so does the toast).

import { useEffect, useState } from "react";
import type { Deleted } from "./useProjects";

const VISIBLE_MS = 10_000;

/** "Moved Fox poster to the trash." / "Moved 11 projects to the trash.": a long title cut short, not the words. */
function DeletedMessage({ deleted }: { deleted: Deleted }) {
  const [first] = deleted.projects;
  const what = deleted.projects.length === 1 && first ? first.title : `${deleted.projects.length} projects`;
  return (
    <span className="flex min-w-0 gap-1 whitespace-nowrap">
      Moved <span className="max-w-[14rem] truncate">{what}</span> to the trash.
    </span>
  );
}

interface UndoToastProps {
  deleted: Deleted;
  onUndo(): Promise<void>;
  onClose(): void;
}

export function UndoToast({ deleted, onUndo, onClose }: UndoToastProps) {
  const [busy, setBusy] = useState(false);
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused || busy) return;
    const timer = setTimeout(onClose, VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [deleted, paused, busy, onClose]);

  const undo = () => {
    setBusy(true);
    void onUndo().finally(() => setBusy(false));
  };

  return (
    <div role="status" aria-live="polite" data-testid="undo-toast"
      onMouseEnter={() => setPaused(true)} onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)} onBlur={() => setPaused(false)}
      className="animate-fade-in fixed bottom-6 left-1/2 z-50 flex -translate-x-1/2 items-center gap-4 rounded-lg
        bg-zinc-900 px-4 py-2.5 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900">
      <DeletedMessage deleted={deleted} />
      <button type="button" onClick={undo} disabled={busy}
        className="rounded px-1.5 py-0.5 font-semibold text-indigo-300 hover:bg-white/10 dark:text-indigo-600
          dark:hover:bg-zinc-900/10">
        {busy ? "Restoring…" : "Undo"}
      </button>
      <button type="button" onClick={onClose} aria-label="Dismiss" className="text-zinc-400 hover:text-white
        dark:hover:text-zinc-900">×</button>
    </div>
  );
}
