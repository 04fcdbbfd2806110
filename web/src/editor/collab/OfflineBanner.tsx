// Across the top of the canvas while the live link is down after having been up (most often the studio stopped, not
// this computer's network): edits go on and are kept, and merge with everyone's when the link returns; or, when the
// server closed it for good, why and what to do: open it again (access changed, or the project was deleted and may be
// restored), and, when this page holds edits the studio does not, keep them as a new project.

import { useState, useSyncExternalStore } from "react";
import { useNavigate } from "react-router-dom";
import { keepMineAsNewProject } from "../hooks/useAutosave";
import { useCollabInfo } from "./presence";
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
  return (
    <div role="status" data-testid="offline-banner" data-state={collab}
      className={`pointer-events-none absolute inset-x-0 top-0 z-20 flex justify-center px-3 pt-2`}>
      <p className={`pointer-events-auto flex items-center gap-2 rounded-md px-3 py-1.5 text-xs font-medium shadow ${closed
        ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200"
        : "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200"}`}>
        {closed
          ? `${closedReason ?? "The live link to this project was closed"}.${pending
            ? " Your changes since are only on this page." : ""}`
          : !online
            ? "You're offline — your changes are kept and merge when this computer is back online"
            : collab === "reconnecting"
              ? "Reconnecting to the studio… your changes are kept and merge when it's back"
              : "Can't reach the studio — your changes are kept and merge when it's back"}
        {closed && reopenable && (
          <button type="button" className="btn py-0.5" onClick={() => window.location.reload()}>Open it again</button>
        )}
        {closed && pending && (
          <button type="button" className="btn py-0.5" onClick={keep}>Keep mine as a new project</button>)}
        {error && <span role="alert">{error}</span>}
      </p>
    </div>
  );
}
