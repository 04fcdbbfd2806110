// Saves what the live document does not hold: the project's title (debounced PATCH without `version`: the server
// merges it into whatever is current), sent at once when the field is left; typed back as it was, nothing is
// unsaved. The title is the one the user gives: it never changes by itself as the content does. The project's
// dashboard picture is the server's to choose (karate/services/workflow_cards.py: its newest run's result, else its
// input): the editor writes none. A title the server refuses falls back to the last one it accepted, and the user is
// told.
// The graph itself is saved by the live session (collab/session.ts) as it is edited; leaving the page while edits
// made offline have not reached the server, or while the title is not saved, asks first.

import { useEffect } from "react";
import { ApiError, isNetworkError } from "../../api/client";
import type { Person } from "../../api/comments";
import { track } from "../../api/pendingWrites";
import { TITLE_MAX_LENGTH, UNTITLED, createWorkflow, saveWorkflow } from "../../api/workflows";
import { useSession } from "../../app/session";
import { hasUnsyncedEdits } from "../collab/session";
import { toDocument } from "../graph/document";
import { useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import type { SaveState } from "../types";

const DEBOUNCE_MS = 700;
/** Title save states in which leaving the page would lose it: the browser asks first. */
export const UNSAVED_STATES: ReadonlySet<SaveState> = new Set<SaveState>(["dirty", "saving", "offline", "error"]);
const RETRY_MS = 4000;

let inFlight: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** The title the server last accepted for this project; a refused title falls back to it. */
let acceptedTitle: string | null = null;
/** The title as it was when the title field took the focus, while it has it (null otherwise): Escape goes back to
 * it, and a title given elsewhere meanwhile does not replace what is being typed. */
let titleBeforeEditing: string | null = null;
/** A title given elsewhere while the field was being edited (and who gave it): shown once it is left, unless typing
 * here is waiting to be saved or was saved after it came. */
let titleWaiting: { title: string; by: Renamer } | null = null;

/** Who gave a title elsewhere: a person (this one in another window, or a collaborator), null for an account since
 * deleted, undefined when not known (a title read again after the connection came back). */
type Renamer = Person | null | undefined;

/** The notice that a title was not changed or not saved, while it may show: a title saved since takes it away
 * (it would contradict the title on screen). */
let titleNotice: number | null = null;

function notifyTitle(message: string, tone: "info" | "error"): void {
  titleNotice = useEditor.getState().notify(message, tone);
}

/** A title was saved: a notice that one was not goes. */
function titleSaved(): void {
  const { notice, dismissNotice } = useEditor.getState();
  if (titleNotice !== null && notice?.id === titleNotice) dismissNotice();
  titleNotice = null;
}

/** The graph on screen as a workflow document (what an offline run, a price estimate or a kept draft sends). */
export function currentDocument() {
  const state = useEditor.getState();
  return toDocument(state.nodes, state.edges);
}

/** Whether leaving now would lose work: a title not saved, or edits made offline not yet on the server. */
export function hasUnsavedWork(): boolean {
  return UNSAVED_STATES.has(useEditor.getState().saveState) || hasUnsyncedEdits();
}

async function saveOnce(): Promise<void> {
  const state = useEditor.getState();
  const meta = state.workflow;
  if (!meta || readOnly(meta)) return;
  const title = meta.title;
  // A blank title (the field cleared while typing) is not sent: the server keeps the last one. The spaces and
  // invisible characters around a title are not sent either (the server would drop them).
  const sending = withoutInvisibleEnds(title);
  if (!sending || sending === acceptedTitle) {
    state.setSaveState("saved");
    return;
  }
  state.setSaveState("saving");
  try {
    const saved = await saveWorkflow(meta.id, { title: sending });
    acceptedTitle = saved.title;
    titleWaiting = null;  // this title is the later one
    titleSaved();
    const now = useEditor.getState();
    if (now.workflow) now.setWorkflowMeta({ ...now.workflow, version: saved.version });
    const shown = now.workflow ? withoutInvisibleEnds(now.workflow.title) : undefined;
    if (shown === sending || !shown) now.setSaveState("saved");
    else void saveNow();  // typed on (or back) while this one was saved: what is shown now is saved next
  } catch (error) {
    const refusal = titleRefusal(error);
    const kept = acceptedTitle ?? UNTITLED;
    if (refusal !== null) {
      const now = useEditor.getState();
      if (now.workflow) now.setWorkflowMeta({ ...now.workflow, title: kept });
      now.setSaveState("saved");
      notifyTitle(`The title was not changed: ${refusal}. The project keeps the title "${kept}".`, "error");
      return;
    }
    if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
      // signed out, access removed or the project deleted: the live link says so; retrying cannot succeed
      clearTimeout(retryTimer);
      useEditor.getState().setSaveState("error");
      return;
    }
    const offline = isNetworkError(error) || (error instanceof ApiError && error.status >= 502);
    useEditor.getState().setSaveState(offline ? "offline" : "error");
    if (!offline) notifyTitle(`The title was not saved: ${(error as Error).message}`, "error");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void saveNow(), RETRY_MS);
  }
}

/** The project renamed elsewhere (another tab, a collaborator, a script through the API): shown here too, and
 * taken as the title the server keeps, unless the title field is being edited or a title typed here is waiting to
 * be saved (then the later save wins, as it would have anyway). */
export function titleFromElsewhere(workflowId: string, title: string, by?: Renamer): void {
  const state = useEditor.getState();
  const meta = state.workflow;
  if (!meta || meta.id !== workflowId || title === acceptedTitle) return;
  if (titleBeforeEditing !== null) {
    titleWaiting = { title, by };  // not swapped under the cursor: shown once the field is left
    return;
  }
  if (UNSAVED_STATES.has(state.saveState)) return;  // the title typed here is saved after it: it stays
  acceptedTitle = title;
  if (meta.title === title) return;
  state.setWorkflowMeta({ ...meta, title });
  state.notify(renamedWords(title, by));  // a title changing by itself would look like a lost edit: said
}

/** The notice of a title given elsewhere, naming who gave it; `kept`: the title this page typed meanwhile, which
 * stays (it is the later edit). */
export function renamedWords(title: string, by: Renamer, kept?: string): string {
  const session = useSession.getState().state;
  const me = session.status === "signed-in" ? session.me.id : null;
  let said: string;
  if (by === undefined) said = `The project was renamed "${title}" meanwhile`;
  else if (by && me && by.id === me) said = `You renamed the project "${title}" in another window`;
  else said = `${by?.name || "A collaborator"} renamed the project "${title}"`;
  return kept === undefined ? `${said}.` : `${said} while you were typing here; your title "${kept}" is kept.`;
}

/** The title field takes the focus: what it holds now is what Escape goes back to. */
export function startTitleEdit(): void {
  titleBeforeEditing = useEditor.getState().workflow?.title ?? null;
}

/** On leaving the title field: left blank (or with nothing visible), it shows the title the project keeps again and
 * says so (a blank one is never saved); otherwise it shows the title without what draws nothing around it, as it is
 * saved. A title given elsewhere while the field had the focus is shown now, unless a title was typed here: that is
 * the later edit, and it is saved over the other (the person is told). */
export function tidyTitle(): void {
  const before = titleBeforeEditing;
  titleBeforeEditing = null;
  const waiting = titleWaiting;
  titleWaiting = null;
  const state = useEditor.getState();
  const meta = state.workflow;
  if (!meta) return;
  const typed = withoutInvisibleEnds(meta.title);
  const typedHere = before !== null && typed !== "" && typed !== withoutInvisibleEnds(before);
  let keepTyped = false;
  if (waiting !== null && typedHere && typed !== waiting.title) {
    acceptedTitle = waiting.title;  // what the project holds now; what was typed here goes over it
    keepTyped = true;
    state.notify(renamedWords(waiting.title, waiting.by, typed));
  } else if (waiting !== null) {
    titleFromElsewhere(meta.id, waiting.title, waiting.by);
  }
  const title = useEditor.getState().workflow?.title ?? "";
  const visible = withoutInvisibleEnds(title);
  if (title === "" || title !== visible) {
    const kept = acceptedTitle ?? UNTITLED;
    if (!visible && before !== null) {  // left empty, or with spaces or invisible characters alone: said, not silent
      notifyTitle(`The title was not changed: write at least one letter, digit or sign. The project keeps the `
        + `title "${kept}".`, "info");
    }
    useEditor.getState().renameWorkflow(visible || kept);
  }
  if (keepTyped || titleWaitsToBeSaved()) void saveNow();  // the field left: no pause for more typing to wait for
}

/** Whether the title shown differs from the one the server keeps, and can be saved now (the studio is there). */
function titleWaitsToBeSaved(): boolean {
  const state = useEditor.getState();
  const shown = withoutInvisibleEnds(state.workflow?.title ?? "");
  const live = state.collab === "live" || state.collab === "local";
  return live && shown !== "" && shown !== acceptedTitle && !readOnly(state.workflow);
}

/** A title without what draws nothing around it: spaces, and zero-width, direction and control characters (the
 * server keeps a title so, karate/services/text.py `check_name`). */
export function withoutInvisibleEnds(title: string): string {
  return title.replace(/^[\p{Z}\p{C}]+|[\p{Z}\p{C}]+$/gu, "");
}

/** The title typed and not wanted after all (Escape): the field goes back to what it held when it took the focus
 * (saved again if what was typed had been saved meanwhile). */
export function revertTitle(): void {
  const state = useEditor.getState();
  const before = titleBeforeEditing ?? acceptedTitle;
  if (!state.workflow || before === null || state.workflow.title === before) return;
  state.renameWorkflow(before);
  if (before === acceptedTitle) state.setSaveState("saved");
}

/** The server's words when it refused the title and nothing else of a save (a 422 naming only body.title). */
export function titleRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 422 || error.fieldErrors.length === 0) return null;
  const onTitle = error.fieldErrors.every((field) => field.loc[0] === "body" && field.loc[1] === "title");
  // said after "The title was not changed:", so not "Title: ..." again
  return onTitle ? error.fieldErrors[0].msg.replace(/^Title: /, "") : null;
}

/** Save the title now, or right after the save in progress. */
export function saveNow(): Promise<void> {
  clearTimeout(retryTimer);
  const run = (inFlight ?? Promise.resolve()).then(() => saveOnce());
  inFlight = run.finally(() => { if (inFlight === run) inFlight = null; });
  track(run);  // the dashboard lists projects once it is saved
  return run;
}

/** Save what is on screen as a new project, "<title> (my copy)" (a view-only project made one's own); returns its
 * id. */
export async function keepMineAsNewProject(): Promise<string> {
  const meta = useEditor.getState().workflow;
  const title = `${(meta?.title.trim() || UNTITLED).slice(0, TITLE_MAX_LENGTH - 10)} (my copy)`;
  const created = await createWorkflow(title, currentDocument());
  return created.id;
}

export function useAutosave(): void {
  const ready = useEditor((s) => s.workflow !== null);
  const title = useEditor((s) => s.workflow?.title ?? null);
  const live = useEditor((s) => s.collab === "live" || s.collab === "local");

  useEffect(() => {
    if (!ready) return;
    acceptedTitle = useEditor.getState().workflow?.title ?? null;
  }, [ready]);

  useEffect(() => {
    const state = useEditor.getState();
    if (!ready || title === null || readOnly(state.workflow)) return;
    if (withoutInvisibleEnds(title) === acceptedTitle || !withoutInvisibleEnds(title)) {
      // typed back to the title the server keeps (or cleared, which is never saved): nothing waits to be saved
      if (state.saveState === "dirty") state.setSaveState("saved");
      return;
    }
    state.setSaveState("dirty");  // a typed title waits to be saved
    if (!live) return;  // saved once the studio is back
    const timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [title, ready, live]);

  useEffect(() => {
    const online = () => { if (useEditor.getState().saveState === "offline") void saveNow(); };
    const leaving = (event: BeforeUnloadEvent) => {
      if (hasUnsavedWork()) event.preventDefault();
    };
    window.addEventListener("online", online);
    window.addEventListener("beforeunload", leaving);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("beforeunload", leaving);
      clearTimeout(retryTimer);
      // leaving the editor (the logo, Back) before the title's save was due: it is saved now, not dropped
      if (useEditor.getState().saveState === "dirty") void saveNow();
    };
  }, []);
}
