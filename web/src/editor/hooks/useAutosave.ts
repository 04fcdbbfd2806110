// Debounced autosave of the graph to the server, with saved / saving / offline / error states.

import { useEffect } from "react";
import { ApiError, isNetworkError } from "../../api/client";
import { getWorkflow, saveWorkflow } from "../../api/workflows";
import { toDocument } from "../graph/document";
import { useEditor } from "../store/editorStore";

const DEBOUNCE_MS = 700;
const RETRY_MS = 4000;

let inFlight: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

async function saveOnce(allowConflictRetry = true): Promise<void> {
  const state = useEditor.getState();
  const meta = state.workflow;
  if (!meta) return;
  const revision = state.revision;
  const document = toDocument(state.nodes, state.edges,
    state.thumbnailAssetId ? { thumbnail: { asset_id: state.thumbnailAssetId } } : {});
  state.setSaveState("saving");
  try {
    const saved = await saveWorkflow(meta.id, { title: meta.title, document, version: meta.version });
    const now = useEditor.getState();
    now.setWorkflowMeta({ ...meta, title: now.workflow?.title ?? meta.title, version: saved.version });
    now.setSaveState(now.revision === revision ? "saved" : "dirty");
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && allowConflictRetry) {
      // Another tab saved first: this editor's graph is what the user sees, so it wins.
      const latest = await getWorkflow(meta.id);
      useEditor.getState().setWorkflowMeta({ ...meta, version: latest.version });
      return saveOnce(false);
    }
    const offline = isNetworkError(error) || (error instanceof ApiError && error.status >= 502);
    useEditor.getState().setSaveState(offline ? "offline" : "error");
    if (!offline) useEditor.getState().notify(`Not saved: ${(error as Error).message}`, "error");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void saveNow(), RETRY_MS);
  }
}

/** Save now, or right after the save in progress. */
export function saveNow(): Promise<void> {
  clearTimeout(retryTimer);
  const run = (inFlight ?? Promise.resolve()).then(() => saveOnce());
  inFlight = run.finally(() => { if (inFlight === run) inFlight = null; });
  return run;
}

export function useAutosave(): void {
  const revision = useEditor((s) => s.revision);
  const ready = useEditor((s) => s.workflow !== null);

  useEffect(() => {
    if (!ready || revision === 0) return;
    useEditor.getState().setSaveState("dirty");
    const timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [revision, ready]);

  useEffect(() => {
    const online = () => { if (useEditor.getState().saveState === "offline") void saveNow(); };
    const leaving = (event: BeforeUnloadEvent) => {
      const state = useEditor.getState().saveState;
      if (state === "dirty" || state === "saving" || state === "offline") event.preventDefault();
    };
    window.addEventListener("online", online);
    window.addEventListener("beforeunload", leaving);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("beforeunload", leaving);
      clearTimeout(retryTimer);
    };
  }, []);
}
