// Loads the node registry, the providers' status and the workflow named in the URL into the editor store,
// with the results of its latest run (followed live if it is still under way), and opens the workflow's live
// session: the saved graph (REST) shows until the live document first syncs, then the canvas edits that.

import { useEffect, useState } from "react";
import { ApiError } from "../../api/client";
import { fetchNodeSpecs } from "../../api/nodes";
import { fetchProviders } from "../../api/providers";
import { getWorkflow } from "../../api/workflows";
import { useSession } from "../../app/session";
import { closeSession, openSession, presenceUser } from "../collab/session";
import { latestResults, showRun } from "../history";
import { takePrefetched } from "../prefetch";
import { detachRun } from "../runner";
import { noticeNamedFiles } from "../namedFilesNotice";
import { resetEditor, useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";

export type LoadState = { status: "loading" } | { status: "ready" } | { status: "error"; message: string };

/** Why a project did not open, for the person who followed a link: a missing project is said as they meet it,
 * not as the API words it for scripts ("GET /api/v1/workflows lists yours"). */
export const NOT_THERE_TEXT = "It does not exist (any more), or it is not shared with you. Check the link, or ask "
  + "its owner to share it with you.";

function loadRefusal(error: unknown): string {
  // 422: the link's id is not one the studio makes (a link cut short, say)
  if (error instanceof ApiError && (error.status === 404 || error.status === 422)) return NOT_THERE_TEXT;
  return error instanceof Error ? error.message : String(error);
}

export function useWorkflowLoader(workflowId: string | null): LoadState {
  const [state, setState] = useState<LoadState>({ status: "loading" });

  useEffect(() => {
    if (!workflowId) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- no id: one more way the load ends
      setState({ status: "error", message: "No project was chosen." });
      return;
    }
    let live = true;
    setState({ status: "loading" });
    resetEditor();
    // Opened directly, the page already asked for these as it loaded (editor/prefetch.ts).
    const early = takePrefetched(workflowId);
    // Without the providers' status the editor still works; it just cannot say which provider a model uses.
    const providers = early?.providers ?? fetchProviders().catch(() => null);
    // Without its last run the project still opens; its nodes just show no results until the next run.
    // A public project's visitor, signed out too, reads its owner's runs of it.
    const lastRun = latestResults(workflowId).catch(() => null);
    const specsRequest = early?.specs ?? fetchNodeSpecs();
    const workflowRequest = early?.workflow ?? getWorkflow(workflowId);
    Promise.all([specsRequest, workflowRequest, providers, lastRun]).then(
      ([specs, workflow, providerList, results]) => {
        if (!live) return;
        const store = useEditor.getState();
        store.setSpecs(specs);
        store.setProviders(providerList);
        store.loadDocument(workflow.document);
        store.setWorkflowMeta({ id: workflow.id, title: workflow.title, version: workflow.version,
          access: workflow.access, isPublic: workflow.is_public });
        store.setSaveState("saved");
        const session = useSession.getState().state;
        const me = session.status === "signed-in" ? session.me : null;
        openSession(workflow.id, { user: presenceUser(me, Math.floor(Math.random() * 2 ** 31)) });
        if (results) showRun(results.run, results.earlier);
        if (!readOnly(useEditor.getState().workflow)) noticeNamedFiles(useEditor.getState());
        setState({ status: "ready" });
      },
      (error: unknown) => {
        if (live) setState({ status: "error", message: loadRefusal(error) });
      },
    );
    return () => {
      live = false;
      detachRun();
      closeSession();
    };
  }, [workflowId]);

  return state;
}
