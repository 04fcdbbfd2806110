// One comment thread: its first comment and replies (author, time), a reply box, Resolve / Reopen, and Delete on
// your own comments (or any, for the project's owner). Viewers read it and change nothing.

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { deleteComment, replyTo, updateComment, type Person, type Thread } from "../../api/comments";
import { couldNot } from "../../api/client";
import { useSession } from "../../app/session";
import { startedWords } from "../panels/runTimes";
import { useEditor } from "../store/editorStore";
import { mayComment, readOnly } from "../store/graphSlice";
import { CommentLength } from "./CommentLength";
import {
  COMMENT_MAX_LENGTH, isResolved, loadComments, openThread, pasteIsCut,
} from "./store";
import { ENTER_SENDS_KEYS, enterSends } from "../../app/enterSends";

/** The signed-in account's id (the local owner's in local mode), or null. */
function useMyId(): string | null {
  return useSession((s) => (s.state.status === "signed-in" ? s.state.me.id : null));
}

const nameOf = (person: Person | null | undefined) => person?.name || "Someone";

function Comment({ workflowId, id, author, body, createdAt, mayDelete, what }: {
  workflowId: string; id: string; author: Person | null | undefined; body: string; createdAt: string;
  mayDelete: boolean; what: string;
}) {
  const [busy, setBusy] = useState(false);
  // a first click asks (a thread goes with its replies), a second deletes
  const [asking, setAsking] = useState(false);
  const remove = () => {
    if (!asking) {
      setAsking(true);
      return;
    }
    setBusy(true);
    deleteComment(workflowId, id).then(() => loadComments(workflowId), (error: unknown) => {
      setBusy(false);
      useEditor.getState().notify(couldNot(`The ${what} could not be deleted`, error), "error");
    });
  };
  return (
    <li className="flex flex-col gap-0.5" data-testid="comment" data-comment-id={id}>
      <span className="flex items-baseline gap-2 text-xs">
        <span className="font-semibold">{nameOf(author)}</span>
        <time dateTime={createdAt} className="text-zinc-500">{startedWords(createdAt)}</time>
        {mayDelete && (
          <button type="button" className={`ml-auto hover:text-red-600 ${asking ? "font-semibold text-red-600"
            : "text-zinc-400"}`} disabled={busy} onClick={remove} onBlur={() => setAsking(false)}
            aria-label={asking ? `Really delete this ${what}?` : `Delete this ${what}`}
            title={`Delete this ${what}${what === "thread" ? " and its replies" : ""}`}>
            {asking ? "Delete? Click again" : "Delete"}</button>
        )}
      </span>
      <p className="whitespace-pre-wrap break-words text-sm">{body}</p>
    </li>
  );
}

/** The thread's card; `onClose` closes it (the pin's popover or the list's open item). */
export function CommentThread({ workflowId, thread }: { workflowId: string; thread: Thread }) {
  const myId = useMyId();
  const locked = useEditor((s) => readOnly(s.workflow));
  const commentable = useEditor((s) => mayComment(s.workflow));
  const owner = useEditor((s) => (s.workflow?.access ?? "owner") === "owner");
  const [reply, setReply] = useState("");
  const [cut, setCut] = useState(false);
  const [busy, setBusy] = useState(false);
  const resolved = isResolved(thread);
  const mine = (author: Person | null | undefined) => !!myId && author?.id === myId;
  // as the server allows: your own comments, and as the owner anyone's; a thread's author or anyone who may edit
  // the project resolves it (karate/collab/comments.py)
  const mayDelete = (author: Person | null | undefined) => mine(author) || (owner && !locked);
  const mayResolve = !locked || mine(thread.author);

  const act = (work: Promise<unknown>, failed: string, after?: () => void) => {
    setBusy(true);
    work.then(async () => {
      after?.();
      await loadComments(workflowId);
    }, (error: unknown) => useEditor.getState().notify(couldNot(failed, error), "error"))
      .finally(() => setBusy(false));
  };
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const body = reply.trim();
    if (!body || busy) return;
    act(replyTo(workflowId, thread.id, body), "The reply could not be posted", () => setReply(""));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();  // the canvas's shortcuts stay out of the text
    if (enterSends(event)) {
      event.preventDefault();  // the reply is sent, not a new line added to it
      send();
    } else if (event.key === "Escape") openThread(null);
  };

  return (
    <section data-testid="comment-thread" data-thread-id={thread.id} data-resolved={resolved}
      aria-label={`Comment by ${nameOf(thread.author)}`} className="flex min-h-0 flex-col gap-2">
      <ul data-testid="comment-replies" className="flex min-h-0 flex-col gap-2 overflow-y-auto">
        <Comment workflowId={workflowId} id={thread.id} author={thread.author} body={thread.body}
          createdAt={thread.created_at} mayDelete={mayDelete(thread.author)} what="thread" />
        {thread.replies.map((item) => (
          <Comment key={item.id} workflowId={workflowId} id={item.id} author={item.author} body={item.body}
            createdAt={item.created_at} mayDelete={mayDelete(item.author)} what="reply" />
        ))}
      </ul>
      {resolved && <p className="text-xs text-emerald-700 dark:text-emerald-400">Resolved</p>}
      {commentable && (
        <form onSubmit={send} className="flex flex-col gap-1.5">
          <textarea data-testid="comment-input" aria-label="Reply" placeholder="Reply…" rows={2}
            title={ENTER_SENDS_KEYS}
            maxLength={COMMENT_MAX_LENGTH} value={reply} onChange={(e) => setReply(e.target.value)}
            onPaste={(e) => setCut(pasteIsCut(e.currentTarget, e.clipboardData.getData("text")))}
            onKeyDown={onKeyDown} className="field-input resize-none text-sm" />
          <CommentLength length={reply.length} cut={cut} />
          <span className="flex items-center gap-1.5">
            <button type="submit" className="btn btn-primary" disabled={busy || !reply.trim()}>Reply</button>
            {mayResolve && (
              <button type="button" className="btn ml-auto" disabled={busy} data-testid="comment-resolve"
                onClick={() => act(updateComment(workflowId, thread.id, { resolved: !resolved }),
                  resolved ? "The thread could not be reopened" : "The thread could not be resolved")}>
                {resolved ? "Reopen" : "Resolve"}
              </button>
            )}
          </span>
        </form>
      )}
    </section>
  );
}
