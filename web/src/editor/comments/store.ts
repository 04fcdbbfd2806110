// The page's comments: every thread of the open workflow, the comment tool (on: a click pins a new thread),
// the thread open on the canvas, a draft being written and the list's filter. Read again on each comment
// event of the workflow's activity stream, so every collaborator sees the same threads.

import { create } from "zustand";
import { listComments, type PinAt, type Thread } from "../../api/comments";
import { useEditor } from "../store/editorStore";
import { mayComment } from "../store/graphSlice";

/** The most characters one comment (or reply) may hold, as the server allows (karate/collab/comments.py MAX_BODY). */
export const COMMENT_MAX_LENGTH = 5000;

/** Whether text pasted into a comment box leaves some of it out: the box (maxLength) keeps what fits. */
export function pasteIsCut(box: HTMLTextAreaElement, pasted: string): boolean {
  const replaced = (box.selectionEnd ?? 0) - (box.selectionStart ?? 0);
  return box.value.length - replaced + pasted.length > COMMENT_MAX_LENGTH;
}

/** Whether a key pressed in a comment or reply box sends it: Enter does, as in a chat; Shift+Enter starts a new
 * line, and an Enter that picks a character an input method is composing (Japanese, Chinese) sends nothing. */
export type CommentFilter = "open" | "resolved";

export interface CommentsState {
  workflowId: string | null;
  threads: Thread[];
  status: "idle" | "loading" | "ready" | "error";
  error: string | null;
  /** The comment tool: a click on a node or on empty canvas starts a thread there. */
  mode: boolean;
  /** The thread shown beside its pin. */
  openId: string | null;
  /** Where a new thread is being written, before it is posted. */
  draft: PinAt | null;
  filter: CommentFilter;
}

const initial: CommentsState = {
  workflowId: null, threads: [], status: "idle", error: null, mode: false, openId: null, draft: null,
  filter: "open",
};

export const useComments = create<CommentsState>()(() => ({ ...initial }));

let reading = 0;

/** Read the workflow's threads (again); a read overtaken by a newer one is dropped. */
export async function loadComments(workflowId: string): Promise<void> {
  const ticket = ++reading;
  const state = useComments.getState();
  if (state.workflowId !== workflowId) useComments.setState({ ...initial, workflowId, status: "loading" });
  try {
    const threads = await listComments(workflowId);
    if (ticket !== reading) return;
    const openId = useComments.getState().openId;
    useComments.setState({ threads, status: "ready", error: null,
      openId: openId && threads.some((thread) => thread.id === openId) ? openId : null });
  } catch (error) {
    if (ticket !== reading) return;
    useComments.setState({ status: "error", error: error instanceof Error ? error.message : String(error) });
  }
}

/** Forget the workflow's comments (the editor closed it). */
export function resetComments(): void {
  reading++;
  useComments.setState({ ...initial });
}

/** Turn the comment tool on or off (off drops an unposted draft); it stays off for a reader of someone's public
 * project (`mayComment`): a viewer on the team comments like everyone else. */
export function setCommentMode(mode?: boolean): void {
  const next = (mode ?? !useComments.getState().mode) && mayComment(useEditor.getState().workflow);
  useComments.setState(next ? { mode: true } : { mode: false, draft: null });
}

export function openThread(id: string | null): void {
  useComments.setState({ openId: id, draft: null });
}

export function startDraft(at: PinAt): void {
  useComments.setState({ draft: at, openId: null });
}

/** Whether the thread is resolved. */
export const isResolved = (thread: Thread): boolean => Boolean(thread.resolved_at);
