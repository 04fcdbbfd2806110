// What the editor says once the studio ended the live link because this user may no longer read the project (taken
// off its share, or a public project made private): what happened, what of their work is kept, and where to go.
// Shown in the banner over the canvas (collab/OfflineBanner.tsx), which keeps its "Keep mine as a new project" button.

import { Link } from "react-router-dom";
import { editsStoredAt } from "../hooks/useKeepDraft";
import { accessRemovedWords } from "./accessRemovedWords";
import { useEditor } from "../store/editorStore";

export function AccessRemoved({ pending }: { pending: boolean }) {
  const wasPublic = useEditor((s) => s.workflow?.access === "public");
  return (
    <>
      <span data-testid="access-removed">{accessRemovedWords(wasPublic, editsStoredAt(), pending)}</span>
      <Link to="/dashboard" className="btn py-0.5">Go to your projects</Link>
    </>
  );
}
