// Debounced autosave of the graph to the server (saved / saving / offline / error / conflict states), naming
// an unnamed project from its content. A save never overwrites a newer version: on 409 autosave stops and
// the user chooses to load the latest or keep theirs as a new project (ConflictDialog). A title the server
// refuses does not stop the saves: the work is saved under the last title it accepted, and the user is told.

import { useEffect } from "react";
import { ApiError, isNetworkError } from "../../api/client";
import { TITLE_MAX_LENGTH, UNTITLED, createWorkflow, getWorkflow, saveWorkflow } from "../../api/workflows";
import { toDocument } from "../graph/document";
import { useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import type { SaveState } from "../types";
import { projectTitle } from "./projectTitle";

const DEBOUNCE_MS = 700;
/** Save states in which leaving the page would lose work: the browser asks first. */
export const UNSAVED_STATES: ReadonlySet<SaveState> = new Set<SaveState>(["dirty", "saving", "offline", "error",
  "conflict"]);
const RETRY_MS = 4000;

let inFlight: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** Why autosave stopped: saved elsewhere since loaded (409), or deleted elsewhere (404). */
export type ConflictKind = "changed" | "deleted";
let conflictKind: ConflictKind = "changed";
export const currentConflict = (): ConflictKind => conflictKind;
/** The title this editor last derived from the content; while the title equals it, it follows the content. */
let derivedTitle: string | null = null;
/** The title the server last accepted for this project; a refused title falls back to it. */
let acceptedTitle: string | null = null;

/** The graph on screen as a workflow document (what a save sends). */
export function currentDocument() {
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
  if (!meta || state.saveState === "conflict" || readOnly(meta)) return;
  const title = titleToSave(meta.title);
  if (title !== meta.title) state.setWorkflowMeta({ ...meta, title });
  const revision = state.revision;
  const document = currentDocument();
  state.setSaveState("saving");
  try {
    // A blank title (the field cleared while typing) is not sent: the server keeps the last one.
    const saved = await saveWorkflow(meta.id, { ...(title.trim() ? { title } : {}), document, version: meta.version });
    acceptedTitle = saved.title;
    const now = useEditor.getState();
    now.setWorkflowMeta({ ...meta, title: now.workflow?.title ?? title, version: saved.version });
    now.setSaveState(now.revision === revision ? "saved" : "dirty");
  } catch (error) {
    const refusal = titleRefusal(error);
    const kept = acceptedTitle ?? UNTITLED;
    if (refusal !== null && title !== kept) {
      // Only the title was refused: keep the work, saved under the last title the server accepted.
      const now = useEditor.getState();
      if (now.workflow) now.setWorkflowMeta({ ...now.workflow, title: kept });
      now.notify(`The title was not changed: ${refusal}. Your work is saved under the title "${kept}".`, "error");
      return saveOnce();
    }
    if (error instanceof ApiError && error.status === 401) {
      // Signed out (the sign-in expired): the work is kept as a draft (useKeepDraft) and saved after the next
      // sign-in; retrying here cannot succeed.
      clearTimeout(retryTimer);
      useEditor.getState().setSaveState("error");
      return;
    }
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

/** The server's words when it refused the title and nothing else of a save (a 422 naming only body.title). */
export function titleRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 422 || error.fieldErrors.length === 0) return null;
  const onTitle = error.fieldErrors.every((field) => field.loc[0] === "body" && field.loc[1] === "title");
  return onTitle ? error.fieldErrors[0].msg : null;
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
  store.setWorkflowMeta({ id: latest.id, title: latest.title, version: latest.version, access: latest.access,
    isPublic: latest.is_public });
  acceptedTitle = latest.title;
  derivedTitle = projectTitle(useEditor.getState().nodes, store.specsByType);
  store.setSaveState("saved");
}

/** Conflict, choice two: save what is on screen as a new project, "<title> (my copy)"; returns its id. */
export async function keepMineAsNewProject(): Promise<string> {
  const meta = useEditor.getState().workflow;
  const title = `${(meta?.title.trim() || UNTITLED).slice(0, TITLE_MAX_LENGTH - 10)} (my copy)`;
  const created = await createWorkflow(title, currentDocument());
  return created.id;
}

export function useAutosave(): void {
  const revision = useEditor((s) => s.revision);
  const ready = useEditor((s) => s.workflow !== null);

  useEffect(() => {
    // As loaded: a title that is what its content would be named still follows the content.
    if (!ready) return;
    derivedTitle = projectTitle(useEditor.getState().nodes, useEditor.getState().specsByType);
    acceptedTitle = useEditor.getState().workflow?.title ?? null;
  }, [ready]);

  useEffect(() => {
    const state = useEditor.getState();
    if (!ready || revision === 0 || state.saveState === "conflict" || readOnly(state.workflow)) return;
    useEditor.getState().setSaveState("dirty");
    const timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [revision, ready]);

  // A run's new dashboard thumbnail is saved quietly ("Saving…", then "Saved"; never "Unsaved changes"):
  // it is no edit. While an edit waits to be saved (or a retry is due), that save carries it.
  const thumbnailRevision = useEditor((s) => s.thumbnailRevision);
  useEffect(() => {
    const state = useEditor.getState().saveState;
    if (!ready || thumbnailRevision === 0 || (state !== "saved" && state !== "saving")
      || readOnly(useEditor.getState().workflow)) return;
    useEditor.getState().setSaveState("saving");  // a save is due: "Saved" would be said too soon
    const timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [thumbnailRevision, ready]);

  useEffect(() => {
    const online = () => { if (useEditor.getState().saveState === "offline") void saveNow(); };
    const leaving = (event: BeforeUnloadEvent) => {
      if (UNSAVED_STATES.has(useEditor.getState().saveState)) event.preventDefault();
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
