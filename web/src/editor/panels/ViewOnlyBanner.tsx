// Shown over a project the user may only look at (shared with them as viewer, or public): nothing they change
// is saved, nothing can be moved or changed; they can run it (the run is theirs) and make their own copy to work
// on. Signed out (a public project), the copy is theirs once they sign in.

import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { signInPath, useSession } from "../../app/session";
import { keepMineAsNewProject } from "../hooks/useAutosave";
import { useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";

export function ViewOnlyBanner() {
  // once the link ended for good (the project deleted, access changed), that banner says what matters now
  const viewing = useEditor((s) => readOnly(s.workflow) && s.collab !== "closed");
  const navigate = useNavigate();
  const location = useLocation();
  const signedOut = useSession((s) => s.state.status === "signed-out");
  const [error, setError] = useState<string | null>(null);
  if (!viewing) return null;
  const copy = () => {
    setError(null);
    keepMineAsNewProject().then((id) => navigate(`/editor?id=${encodeURIComponent(id)}`),
      (e: unknown) => setError(`Could not make a copy: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <div role="status" data-testid="view-only" className="absolute left-1/2 top-3 z-10 flex -translate-x-1/2
      items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 shadow
      dark:border-amber-800 dark:bg-amber-950/80 dark:text-amber-100">
      <span>{signedOut ? "View only: sign in to run it or to work on a copy."
        : "View only: you can run it, not change it."}</span>
      {signedOut
        ? <Link to={signInPath(location.pathname + location.search)} className="btn py-0.5">Sign in to make a copy</Link>
        : <button type="button" className="btn py-0.5" onClick={copy}>Make your own copy</button>}
      {error && <span className="text-red-600">{error}</span>}
    </div>
  );
}
