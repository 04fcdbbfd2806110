// Across the top of the canvas while the live link is down after having been up (most often the studio stopped, not
// this computer's network): edits go on and are kept, and merge with everyone's when the link returns; or, when the
// server closed it for good, why and what to do: open it again (access changed), restore it (the owner of a project
// deleted meanwhile; anyone else opens it again once it is restored), and, when this page holds edits the studio does not, keep them as a new project.

import { useState, useSyncExternalStore } from "react";
import { useNavigate } from "react-router-dom";
import { couldNot } from "../../api/client";
import { getWorkflow, restoreWorkflow } from "../../api/workflows";
import { keepMineAsNewProject } from "../hooks/useAutosave";
import { AccessRemoved } from "../panels/AccessRemoved";
import { closedWords, useCollabInfo } from "./presence";
import { useEditor } from "../store/editorStore";

// Whether this computer has a network at all (the browser's `online`/`offline` events).
function subscribeOnline(changed: () => void) {
  window.addEventListener("online", changed);
  window.addEventListener("offline", changed);
  return () => {
    window.removeEventListener("online", changed);
    window.removeEventListener("offline", changed);
  };
}

function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
}

export function OfflineBanner() {
  const collab = useEditor((s) => s.collab);
  const online = useOnline();
  const closedReason = useCollabInfo((s) => s.closedReason);
  const reopenable = useCollabInfo((s) => s.reopenable === true);
  const deleted = useCollabInfo((s) => s.deleted === true);
  const removed = useCollabInfo((s) => s.removed === true);
  const workflow = useEditor((s) => s.workflow);
  const owner = workflow?.access === undefined || workflow.access === "owner";
  // edits the studio does not hold: only then is there something of this page's own to keep
  const pending = useCollabInfo((s) => s.unsynced || s.unacked);
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  if (collab !== "offline" && collab !== "reconnecting" && collab !== "closed") return null;
  const closed = collab === "closed";
  const keep = () => {
    setError(null);
    keepMineAsNewProject().then((id) => navigate(`/editor?id=${encodeURIComponent(id)}`),
      (e: unknown) => setError(`Could not make a new project: ${e instanceof Error ? e.message : String(e)}`));
  };
  // A deleted project: its owner restores it from here; anyone else opens it again once it is restored.
  const reopen = () => {
    setError(null);
    if (!deleted || !workflow) {
      window.location.reload();
      return;
    }
    (owner ? restoreWorkflow(workflow.id) : getWorkflow(workflow.id)).then(() => window.location.reload(),
      (e: unknown) => setError(owner ? couldNot("It could not be restored", e)
        : "It is still in the Trash: once its owner restores it, open it again"));
  };
  return (
    <div role="status" data-testid="offline-banner" data-state={collab}
      className={`pointer-events-none absolute inset-x-0 top-0 z-20 flex justify-center px-3 pt-2`}>
      <p className={`pointer-events-auto flex items-center gap-2 rounded-md px-3 py-1.5 text-xs font-medium shadow ${closed
        ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200"
        : "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200"}`}>
        {closed && removed ? <AccessRemoved pending={pending} /> : closed
          ? `${deleted && owner ? "This project was deleted in another window (it is in your Trash for 30 days)"
            : closedWords(closedReason)}.${pending
            ? " Your changes since are only on this page." : ""}`
          : !online
            ? "You're offline — your changes are kept and merge when this computer is back online"
            : collab === "reconnecting"
              ? "Reconnecting to the studio… your changes are kept and merge when it's back"
              : "Can't reach the studio — your changes are kept and merge when it's back"}
        {closed && reopenable && (
          <button type="button" className="btn py-0.5" data-testid="reopen" onClick={reopen}>
            {deleted && owner ? "Restore it" : "Open it again"}</button>
        )}
        {closed && pending && (
          <button type="button" className="btn py-0.5" onClick={keep}>Keep mine as a new project</button>)}
        {error && <span role="alert">{error}</span>}
      </p>
    </div>
  );
}
