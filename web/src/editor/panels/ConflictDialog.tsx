// Shown when this project was saved (or deleted) elsewhere, by another tab or person, after this page loaded
// it: autosave has stopped, and the user picks which version to go on with. Nothing is overwritten unasked.

import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { currentConflict, keepMineAsNewProject, loadLatestVersion } from "../hooks/useAutosave";
import { useEditor } from "../store/editorStore";

type Choice = "latest" | "mine";

export function ConflictDialog() {
  const conflict = useEditor((s) => s.saveState === "conflict");
  const navigate = useNavigate();
  const [busy, setBusy] = useState<Choice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (conflict) first.current?.focus();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- closed from outside, it forgets the last attempt
    else { setBusy(null); setError(null); }
  }, [conflict]);
  if (!conflict) return null;
  const deleted = currentConflict() === "deleted";

  const choose = async (choice: Choice) => {
    setBusy(choice);
    setError(null);
    try {
      if (choice === "latest") await loadLatestVersion();
      else void navigate(`/editor?id=${encodeURIComponent(await keepMineAsNewProject())}`);
    } catch (e) {
      setError(`${e instanceof Error ? e.message : String(e)}. Your version is still on screen; try again.`);
      setBusy(null);
    }
  };

  return (
    <div role="alertdialog" aria-labelledby="conflict-title" aria-describedby="conflict-text"
      data-testid="conflict-dialog"
      className="panel animate-fade-in fixed left-1/2 top-16 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2
        border-red-300 p-4 shadow-xl dark:border-red-900">
      <h2 id="conflict-title" className="text-sm font-semibold">
        {deleted ? "This project was deleted elsewhere" : "This project was changed elsewhere"}
      </h2>
      <p id="conflict-text" className="mt-1.5 text-sm text-zinc-500">
        {deleted
          ? "Another tab or person deleted it after you opened it, so your changes could not be saved; they are "
            + "only on this page. Keep them as a new project (the deleted one stays in the dashboard's Trash)."
          : "Another tab or person saved it after you opened it, so your changes were not saved over theirs; they "
            + "are only on this page. Load the latest to go on from the saved version (dropping your changes "
            + "here), or keep yours as a new project (the saved version stays as it is)."}
      </p>
      {error && <p role="alert" className="mt-2 text-sm text-red-600">{error}</p>}
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        {!deleted && (
          <button ref={first} type="button" className="btn" disabled={busy !== null}
            onClick={() => void choose("latest")}
            title="Replace what is on screen with the saved version; your unsaved changes here are dropped">
            {busy === "latest" ? "Loading…" : "Load the latest"}
          </button>
        )}
        <button ref={deleted ? first : undefined} type="button" className="btn btn-primary" disabled={busy !== null}
          onClick={() => void choose("mine")}
          title="Save what is on screen as a new project and open it; the other version stays as it is">
          {busy === "mine" ? "Saving…" : "Keep mine as a new project"}
        </button>
      </div>
    </div>
  );
}
