// Help (/help): ask the support agent a question in your own words; it answers from the studio's documentation
// and keeps the question as a ticket (the team is told when the studio reports to Slack). Your earlier questions
// and their answers are listed below.

import { type FormEvent, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { couldNot } from "../api/client";
import { askSupport, listSupportTickets, type SupportTicket } from "../api/support";
import { timeAgo } from "../dashboard/timeAgo";

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

function Ticket({ ticket }: { ticket: SupportTicket }) {
  return (
    <article data-testid="help-ticket" data-status={ticket.status}
      className="rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <Clamped text={ticket.ticket} limit={QUESTION} className="text-sm font-medium" testId="help-ticket-question" />
      <p className="mt-1 text-xs text-zinc-500">
        {ticket.created_at ? timeAgo(ticket.created_at) : ""}
        {ticket.status === "open" ? " · not answered by the docs" : ""}
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
    </article>
  );
}

export default function HelpPage() {
  const [question, setQuestion] = useState("");
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tickets, setTickets] = useState<SupportTicket[] | null>(null);

  useEffect(() => {
    listSupportTickets().then(setTickets, (e: unknown) => setError(couldNot("Your questions could not be loaded", e)));
  }, []);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim()) { setError("Write your question first."); return; }
    setAsking(true);
    setError(null);
    askSupport(question).then(
      (ticket) => { setTickets((earlier) => [ticket, ...(earlier ?? [])]); setQuestion(""); },
      (e: unknown) => setError(couldNot("The question could not be sent", e)),
    ).finally(() => setAsking(false));
  };

  return (
    <div className="mx-auto max-w-3xl px-6 py-10" data-testid="help">
      <h1 className="text-3xl font-semibold tracking-tight">Help</h1>
      <p className="mt-2 text-sm text-zinc-500">
        Ask in your own words. The answer comes from the studio's documentation; your question is kept, and a
        question the docs do not answer waits for the team.
      </p>
      <form onSubmit={ask} className="mt-6 flex flex-col gap-3">
        <label htmlFor="help-question" className="text-sm font-medium">Your question</label>
        <textarea id="help-question" data-testid="help-question" rows={4} maxLength={4000} value={question}
          onChange={(e) => setQuestion(e.target.value)} className="field-input"
          placeholder="For example: how do I share a project with a colleague?" />
        {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
        <button type="submit" className="btn btn-primary self-start" disabled={asking}>
          {asking ? "Asking…" : "Ask"}</button>
      </form>
      <section className="mt-10 flex flex-col gap-4" aria-label="Your questions">
        {tickets === null && !error && <p className="text-sm text-zinc-500">Loading your questions…</p>}
        {tickets?.length === 0 && <p className="text-sm text-zinc-500">No questions yet.</p>}
        {tickets?.map((ticket) => <Ticket key={ticket.id} ticket={ticket} />)}
      </section>
    </div>
  );
}
