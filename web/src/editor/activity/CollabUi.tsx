// The collaboration layer of the editor, mounted once inside its canvas area: comment pins, the Comments and
// Versions panels, the restore notice, and the workflow's activity stream. (The comment tool's hint is in the
// toolbar, clear of the pins and threads it would cover on the canvas.)

import { useEffect } from "react";
import { CommentLayer } from "../comments/CommentLayer";
import { CommentsPanel } from "../comments/CommentsPanel";
import { useEditor } from "../store/editorStore";
import { VersionsPanel } from "../versions/VersionsPanel";
import { useVersions } from "../versions/store";
import { useCollabPanel } from "./panels";
import { useActivity } from "./useActivity";

const RESTORE_NOTICE_MS = 10_000;

export function RestoreNotice() {
  const restored = useVersions((s) => s.restored);
  useEffect(() => {
    if (!restored) return;
    const timer = setTimeout(() => useVersions.setState({ restored: null }), RESTORE_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [restored]);
  if (!restored) return null;
  const undo = () => {
    useEditor.getState().undo();
    useVersions.setState({ restored: null });
  };
  return (
    <div role="status" data-testid="restore-notice" className="animate-fade-in absolute left-1/2 top-3 z-40 flex
      -translate-x-1/2 items-center gap-3 rounded-lg bg-zinc-900 px-4 py-2 text-sm text-white shadow-lg
      dark:bg-zinc-100 dark:text-zinc-900">
      <span>Version {restored.number} restored, as one change.</span>
      <button type="button" className="font-semibold underline" onClick={undo} data-testid="restore-undo">Undo</button>
    </div>
  );
}

export function CollabUi() {
  const workflowId = useEditor((s) => s.workflow?.id);
  const panel = useCollabPanel((s) => s.panel);
  useActivity(workflowId);
  if (!workflowId) return null;
  return (
    <>
      <CommentLayer workflowId={workflowId} />
      {panel === "comments" && <CommentsPanel workflowId={workflowId} />}
      {panel === "versions" && <VersionsPanel workflowId={workflowId} />}
      <RestoreNotice />
    </>
  );
}
