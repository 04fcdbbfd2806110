// Follows the open workflow's activity while the editor is open: comments read again on each comment event,
// versions on each version saved, runs started by others shown live, and a new title shown; all of them read again
// when the stream reconnects or the live document comes back after a spell offline.

import { useEffect } from "react";
import { subscribeActivity, type ActivityEvent } from "../../api/activity";
import { getWorkflow } from "../../api/workflows";
import { useSession } from "../../app/session";
import { loadComments, resetComments } from "../comments/store";
import { loadVersions, resetVersions, useVersions } from "../versions/store";
import { titleFromElsewhere } from "../hooks/useAutosave";
import { useEditor } from "../store/editorStore";
import { onRunStarted } from "./sharedRuns";

/** What one event of `workflowId`'s stream does to the page. */
export function onActivity(workflowId: string, event: ActivityEvent): void {
  switch (event.type) {
    case "comment.created":
    case "comment.updated":
    case "comment.deleted":
      void loadComments(workflowId);
      break;
    case "version.created":
      if (useVersions.getState().workflowId === workflowId) void loadVersions(workflowId);
      break;
    case "run.started":
      onRunStarted(event);
      break;
    case "workflow.renamed":
      titleFromElsewhere(workflowId, event.title, event.user);
      break;
  }
}

/** Follow `workflowId`'s activity while signed in: comments, versions and the stream need an account (a
 * signed-out visitor of a public project sees the project, not its team's talk). */
export function useActivity(workflowId: string | undefined): void {
  const signedIn = useSession((s) => s.state.status === "signed-in");
  useEffect(() => {
    if (!workflowId || !signedIn) return;
    void loadComments(workflowId);
    const readAgain = () => {
      void loadComments(workflowId);
      if (useVersions.getState().workflowId === workflowId) void loadVersions(workflowId);
      getWorkflow(workflowId).then((workflow) => titleFromElsewhere(workflowId, workflow.title), () => undefined);
    };
    const stop = subscribeActivity(workflowId, (event) => onActivity(workflowId, event), readAgain);
    // The live document back after a spell offline: what the page read meanwhile (or failed to read: "The versions
    // could not be loaded") is read again, even when the activity stream itself outlived the outage.
    const stopWatching = useEditor.subscribe((state, before) => {
      if (state.collab === "live" && (before.collab === "offline" || before.collab === "reconnecting")) readAgain();
    });
    return () => {
      stop();
      stopWatching();
      resetComments();
      resetVersions();
    };
  }, [workflowId, signedIn]);
}
