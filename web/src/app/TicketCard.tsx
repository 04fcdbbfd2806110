// A support ticket as a card: the question, the agent's answer with the docs it drew on, the thread of replies (the
// team's answers, the asker's follow-ups), and a box to reply or close it. The Help page lists the person's own
// tickets (and, for staff, everyone's); the admin page opens one from its list.

import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { couldNot } from "../api/client";
import { closeTicket, replyToTicket, type SupportTicket, type TicketReply } from "../api/support";
import { timeAgo } from "../dashboard/timeAgo";
import { isLocal, useSession } from "./session";
import { statusText, type TicketChange } from "./tickets";

function Source({ where, title }: { where: string; title: string }) {
  return where.startsWith("/")
    ? <Link to={where} className="text-accent hover:underline">{title}</Link>
    : <span title={`In the project's ${where}`}>{title}</span>;
}

/** A question clamps to 4 lines, an answer to 12: text longer than this many characters (or lines) would
 * overflow them even on a wide screen, so only it clamps and gets a toggle; shorter text shows whole. */
const QUESTION = { lines: 4, chars: 320 } as const;
const ANSWER = { lines: 12, chars: 1100 } as const;
const CLAMP = { 4: "line-clamp-4", 12: "line-clamp-12" } as const;
/** The longest reply the server takes, in characters. */
const MAX_REPLY = 4000;

function isLong(text: string, limit: { lines: number; chars: number }): boolean {
  return text.length > limit.chars || text.split("\n").length > limit.lines;
}

/** A text of a ticket, clamped to `limit.lines` with Show all / Show less when it is long. */
function Clamped({ text, limit, className, testId }: {
  text: string; limit: { lines: keyof typeof CLAMP; chars: number }; className: string; testId: string;
}) {
  const [open, setOpen] = useState(false);
  const long = isLong(text, limit);
  return (
    <>
      <p data-testid={testId} data-clamped={long && !open}
        className={`whitespace-pre-line break-words ${className} ${long && !open ? CLAMP[limit.lines] : ""}`}>
        {text}
      </p>
      {long && (
        <button type="button" className="mt-1 text-xs font-medium text-accent hover:underline" aria-expanded={open}
          onClick={() => setOpen(!open)}>
          {open ? "Show less" : "Show all"}
        </button>)}
    </>
  );
}

/** Who wrote a reply, as the reader sees it: "You", the team (with the staff member's email for the team), or
 * the asker's email. On a local studio the one person is the asker: their follow-ups are "You". */
function writerOf(reply: TicketReply, viewerEmail: string | null, local: boolean): string {
  if ((reply.by !== null && reply.by === viewerEmail) || (local && reply.author === "asker")) return "You";
  if (reply.author === "team") return reply.by ? `${reply.by} (the team)` : "The studio's team";
  return reply.by ?? "The person who asked";
}

function Thread({ replies, viewerEmail, local }: { replies: TicketReply[]; viewerEmail: string | null;
  local: boolean }) {
  if (replies.length === 0) return null;
  return (
    <ol className="mt-4 flex flex-col gap-3 border-l-2 border-zinc-200 pl-4 dark:border-zinc-700" aria-label="Replies">
      {replies.map((reply) => (
        <li key={reply.id} data-testid="help-reply" data-author={reply.author}>
          <p className="text-xs text-zinc-500">
            <span className="font-medium text-zinc-700 dark:text-zinc-300">{writerOf(reply, viewerEmail, local)}</span>
            {reply.created_at ? ` · ${timeAgo(reply.created_at)}` : ""}
          </p>
          <p className="mt-0.5 whitespace-pre-line break-words text-sm">{reply.text}</p>
        </li>))}
    </ol>
  );
}

/** The reply box's words. In local mode the one person is the asker, and no team answers: what they write adds to
 * their own question, not a staff reply. */
const REPLY_WORDS = {
  open: "Reply", label: "Your reply", send: "Send reply", sending: "Sending…", empty: "Write your reply first.",
  failed: "The reply could not be sent",
};
const FOLLOW_UP_WORDS = {
  open: "Add to your question", label: "What to add to your question", send: "Add to your question",
  sending: "Adding…", empty: "Write what to add first.", failed: "It could not be added to your question",
};

/** Reply and Close: the box opens on Reply; what the server answers replaces the ticket (`onChange`, told which of
 * the two it was). */
function ReplyBox({ ticket, onChange }: {
  ticket: SupportTicket; onChange: (ticket: SupportTicket, change: TicketChange) => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const boxId = `reply-${ticket.id}`;
  const words = useSession((s) => isLocal(s.state)) ? FOLLOW_UP_WORDS : REPLY_WORDS;

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) { setError(words.empty); return; }
    setBusy(true);
    setError(null);
    replyToTicket(ticket.id, text).then(
      (changed) => { onChange(changed, "replied"); setText(""); setOpen(false); },
      (e: unknown) => setError(couldNot(words.failed, e)),
    ).finally(() => setBusy(false));
  };
  const close = () => {
    setBusy(true);
    setError(null);
    closeTicket(ticket.id).then(
      (changed) => onChange(changed, "closed"),
      (e: unknown) => setError(couldNot("The question could not be closed", e)),
    ).finally(() => setBusy(false));
  };

  if (ticket.status === "closed") {
    return <p className="mt-4 text-xs text-zinc-500">Closed: nobody replies to it any more. Ask a new question if you
      need more help.</p>;
  }
  return (
    <div className="mt-4">
      {open && (
        <form onSubmit={send} className="flex flex-col gap-2">
          <label htmlFor={boxId} className="text-sm font-medium">{words.label}</label>
          <textarea id={boxId} data-testid="help-reply-text" rows={3} maxLength={MAX_REPLY} value={text}
            onChange={(e) => setText(e.target.value)} className="field-input" autoFocus />
          {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
          <div className="flex gap-2">
            <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? words.sending : words.send}</button>
            <button type="button" className="btn" disabled={busy}
              onClick={() => { setOpen(false); setError(null); }}>Cancel</button>
          </div>
        </form>)}
      {!open && (
        <>
          {error && <p role="alert" className="mb-2 text-sm text-red-600 dark:text-red-400">{error}</p>}
          <div className="flex gap-2">
            <button type="button" className="btn" onClick={() => setOpen(true)}>{words.open}</button>
            <button type="button" className="btn" disabled={busy} onClick={close}>Close question</button>
          </div>
        </>)}
    </div>
  );
}

/** `viewerEmail`: who reads the card (their own replies say "You"). `unreadShown`: mark team replies the reader has
 * not opened before ("New reply"); only the asker's own list does. `showAsker`: name who asked (the team's lists). */
export function TicketCard({ ticket, viewerEmail, onChange, unreadShown = false, showAsker = false }: {
  ticket: SupportTicket; viewerEmail: string | null;
  onChange: (ticket: SupportTicket, change: TicketChange) => void; unreadShown?: boolean; showAsker?: boolean;
}) {
  const local = useSession((s) => isLocal(s.state));
  return (
    <article data-testid="help-ticket" data-status={ticket.status} id={`ticket-${ticket.id}`}
      className="scroll-mt-6 rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <Clamped text={ticket.ticket} limit={QUESTION} className="text-sm font-medium" testId="help-ticket-question" />
      <p className="mt-1 text-xs text-zinc-500">
        {unreadShown && ticket.unread &&
          <span data-testid="help-unread" className="mr-1 rounded bg-accent px-1.5 py-0.5 font-medium text-white">
            New reply</span>}
        {showAsker && ticket.asked_by ? `${ticket.asked_by} · ` : ""}
        {ticket.created_at ? timeAgo(ticket.created_at) : ""}
        {ticket.status === "answered" ? "" : ` · ${statusText(ticket.status, local)}`}
        {ticket.team_notified ? " · the team has been told" : ""}
      </p>
      <div className="mt-3">
        <Clamped text={ticket.answer} limit={ANSWER} className="text-sm" testId="help-answer" />
      </div>
      {ticket.sources.length > 0 && (
        <p className="mt-3 text-xs text-zinc-500">
          From: {ticket.sources.map((source, index) => (
            <span key={source.title}>{index > 0 && ", "}<Source where={source.where} title={source.title} /></span>))}
        </p>)}
      <Thread replies={ticket.replies} viewerEmail={viewerEmail} local={local} />
      <ReplyBox ticket={ticket} onChange={onChange} />
    </article>
  );
}
