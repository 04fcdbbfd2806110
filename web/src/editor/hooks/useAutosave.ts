// Debounced autosave of the graph to the server (saved / saving / offline / error / conflict states), naming
// an unnamed project from its content. A save never overwrites a newer version: on 409 autosave stops and
// the user chooses to load the latest or keep theirs as a new project (ConflictDialog).

import { useEffect } from "react";
import { ApiError, isNetworkError } from "../../api/client";
import { UNTITLED, createWorkflow, getWorkflow, saveWorkflow } from "../../api/workflows";
import { toDocument } from "../graph/document";
import { useEditor } from "../store/editorStore";
import { projectTitle } from "./projectTitle";

const DEBOUNCE_MS = 700;
const RETRY_MS = 4000;
const TITLE_LIMIT = 200;

let inFlight: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** Why autosave stopped: saved elsewhere since loaded (409), or deleted elsewhere (404). */
export type ConflictKind = "changed" | "deleted";
let conflictKind: ConflictKind = "changed";
export const currentConflict = (): ConflictKind => conflictKind;
/** The title this editor last derived from the content; while the title equals it, it follows the content. */
let derivedTitle: string | null = null;

function currentDocument() {
  const state = useEditor.getState();
  return toDocument(state.nodes, state.edges,
    state.thumbnailAssetId ? { thumbnail: { asset_id: state.thumbnailAssetId } } : {});
}

/** The title to save: the user's, or (while they have not named the project) one from its content. */
function titleToSave(current: string): string {
  const state = useEditor.getState();
  const automatic = current === UNTITLED || (derivedTitle !== null && current === derivedTitle);
  if (!automatic) return current;
  derivedTitle = projectTitle(state.nodes, state.specsByType);
  return derivedTitle ?? UNTITLED;
}

async function saveOnce(): Promise<void> {
  const state = useEditor.getState();
  const meta = state.workflow;
  if (!meta || state.saveState === "conflict") return;
  const title = titleToSave(meta.title);
  if (title !== meta.title) state.setWorkflowMeta({ ...meta, title });
  const revision = state.revision;
  const document = currentDocument();
  state.setSaveState("saving");
  try {
    // A blank title (the field cleared while typing) is not sent: the server keeps the last one.
    const saved = await saveWorkflow(meta.id, { ...(title.trim() ? { title } : {}), document, version: meta.version });
    const now = useEditor.getState();
    now.setWorkflowMeta({ ...meta, title: now.workflow?.title ?? title, version: saved.version });
    now.setSaveState(now.revision === revision ? "saved" : "dirty");
  } catch (error) {
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      // Saved (or deleted) elsewhere since this page loaded it: saving over it would lose that work, and
      // retrying cannot succeed, so stop and ask.
      clearTimeout(retryTimer);
      conflictKind = error.status === 409 ? "changed" : "deleted";
      useEditor.getState().setSaveState("conflict");
      return;
    }
    const offline = isNetworkError(error) || (error instanceof ApiError && error.status >= 502);
    useEditor.getState().setSaveState(offline ? "offline" : "error");
    if (!offline) useEditor.getState().notify(`Not saved: ${(error as Error).message}`, "error");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void saveNow(), RETRY_MS);
  }
}

/** Save now, or right after the save in progress; nothing while a conflict waits for the user. */
export function saveNow(): Promise<void> {
  clearTimeout(retryTimer);
  const run = (inFlight ?? Promise.resolve()).then(() => saveOnce());
  inFlight = run.finally(() => { if (inFlight === run) inFlight = null; });
  return run;
}

/** Conflict, choice one: replace what is on screen with the server's latest version; autosave resumes. */
export async function loadLatestVersion(): Promise<void> {
  const meta = useEditor.getState().workflow;
  if (!meta) return;
  const latest = await getWorkflow(meta.id);
  const store = useEditor.getState();
  store.loadDocument(latest.document);
  store.setWorkflowMeta({ id: latest.id, title: latest.title, version: latest.version });
  derivedTitle = projectTitle(useEditor.getState().nodes, store.specsByType);
  store.setSaveState("saved");
}

/** Conflict, choice two: save what is on screen as a new project, "<title> (my copy)"; returns its id. */
export async function keepMineAsNewProject(): Promise<string> {
  const meta = useEditor.getState().workflow;
  const title = `${(meta?.title.trim() || UNTITLED).slice(0, TITLE_LIMIT - 10)} (my copy)`;
  const created = await createWorkflow(title, currentDocument());
  return created.id;
}

export function useAutosave(): void {
  const revision = useEditor((s) => s.revision);
  const ready = useEditor((s) => s.workflow !== null);

  useEffect(() => {
    // As loaded: a title that is what its content would be named still follows the content.
    if (ready) derivedTitle = projectTitle(useEditor.getState().nodes, useEditor.getState().specsByType);
  }, [ready]);

  useEffect(() => {
    if (!ready || revision === 0 || useEditor.getState().saveState === "conflict") return;
    useEditor.getState().setSaveState("dirty");
    const timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [revision, ready]);

  useEffect(() => {
    const online = () => { if (useEditor.getState().saveState === "offline") void saveNow(); };
    const leaving = (event: BeforeUnloadEvent) => {
      const state = useEditor.getState().saveState;
      if (state === "dirty" || state === "saving" || state === "offline" || state === "conflict") {
        event.preventDefault();
      }
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
