// Help (/help): ask the support agent a question in your own words; it answers from the studio's documentation
// and keeps the question as a ticket (with accounts, the team is told when the studio reports to Slack). Your earlier
// questions are listed below with their threads: the team's replies (new ones marked until you have seen them), your
// follow-ups, and a box to reply or close each. Staff and admins also answer everyone's questions here. In local mode
// the owner's list is every question there is and nobody else reads them, so a question the docs do not answer is
// said to be one the guide has no answer for, never one waiting for a team.

import { type FormEvent, useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { couldNot } from "../api/client";
import { askSupport, listSupportTickets, markTicketRead, type SupportTicket } from "../api/support";
import { isLocal, isStaff, useSession } from "./session";
import { TicketCard } from "./TicketCard";
import { replaceTicket } from "./tickets";
import { ENTER_SENDS_KEYS, enterSends } from "./enterSends";

type Whose = "mine" | "everyone";

export default function HelpPage() {
  const email = useSession((s) => (s.state.status === "signed-in" ? s.state.me.email : null));
  // staff and admins of a studio with accounts answer everyone's questions here (local mode's owner already sees all)
  const team = useSession((s) => isStaff(s.state));
  const local = useSession((s) => isLocal(s.state));
  const [question, setQuestion] = useState("");
  const [asking, setAsking] = useState(false);
  const [askError, setAskError] = useState<string | null>(null);
  const [whose, setWhose] = useState<Whose>("mine");
  const [tickets, setTickets] = useState<SupportTicket[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const { hash } = useLocation();
  const loaded = tickets !== null;

  useEffect(() => {
    let current = true;
    listSupportTickets(50, whose === "everyone").then(
      (list) => {
        if (!current) return;
        setTickets(list);
        // shown now: the marker stays on this visit, and is gone next time (a failed mark only keeps it one more)
        if (whose === "mine") list.filter((t) => t.unread).forEach((t) => { markTicketRead(t.id).catch(() => {}); });
      },
      (e: unknown) => { if (current) setListError(couldNot("The questions could not be loaded", e)); });
    return () => { current = false; };
  }, [whose]);

  // a mailed link opens /help#ticket-ID: show that ticket once the list is in (not again on each reply or close)
  useEffect(() => {
    if (loaded && hash.startsWith("#ticket-")) document.getElementById(hash.slice(1))?.scrollIntoView?.();
  }, [loaded, hash]);

  const choose = (choice: Whose) => {
    if (choice === whose) return;
    setTickets(null);
    setListError(null);
    setWhose(choice);
  };
  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim()) { setAskError("Write your question first."); return; }
    setAsking(true);
    setAskError(null);
    askSupport(question).then(
      (ticket) => { setTickets((earlier) => [ticket, ...(earlier ?? [])]); setQuestion(""); },
      (e: unknown) => setAskError(couldNot("The question could not be sent", e)),
    ).finally(() => setAsking(false));
  };
  const changed = (ticket: SupportTicket) => setTickets((list) => replaceTicket(list, ticket));

  return (
    <div className="mx-auto max-w-3xl px-6 py-10" data-testid="help">
      <h1 className="text-3xl font-semibold tracking-tight">Help</h1>
      <p className="mt-2 text-sm text-zinc-500" data-testid="help-intro">
        {local
          ? <>Ask in your own words. The answer comes from the studio's guide and documentation, and your questions
            are kept here. When the guide has no answer, try other words, such as the name of a node or a message you
            saw, or look through the <Link to="/docs" className="text-accent hover:underline">Docs</Link>.</>
          : <>Ask in your own words. The answer comes from the studio's documentation; your question is kept, and a
            question the docs do not answer waits for the team, whose reply shows here.</>}
      </p>
      <form onSubmit={ask} className="mt-6 flex flex-col gap-3">
        <label htmlFor="help-question" className="text-sm font-medium">Your question</label>
        <textarea id="help-question" data-testid="help-question" rows={4} maxLength={4000} value={question}
          onChange={(e) => setQuestion(e.target.value)} className="field-input" title={ENTER_SENDS_KEYS}
          onKeyDown={(e) => {
            if (!enterSends(e)) return;
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }}
          placeholder="For example: how do I share a project with a colleague?" />
        {askError && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{askError}</p>}
        <button type="submit" className="btn btn-primary self-start" disabled={asking}>
          {asking ? "Asking…" : "Ask"}</button>
      </form>
      {team && (
        <div className="mt-10 flex gap-2" role="group" aria-label="Whose questions">
          {(["mine", "everyone"] as const).map((choice) => (
            <button key={choice} type="button" aria-pressed={whose === choice} onClick={() => choose(choice)}
              className={`btn ${whose === choice ? "btn-primary" : ""}`}>
              {choice === "mine" ? "Your questions" : "Everyone's questions"}</button>))}
        </div>)}
      <section className={`${team ? "mt-4" : "mt-10"} flex flex-col gap-4`}
        aria-label={whose === "mine" ? "Your questions" : "Everyone's questions"}>
        {listError && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{listError}</p>}
        {tickets === null && !listError && <p className="text-sm text-zinc-500">Loading the questions…</p>}
        {tickets?.length === 0 && <p className="text-sm text-zinc-500">No questions yet.</p>}
        {tickets?.map((ticket) => (
          <TicketCard key={ticket.id} ticket={ticket} viewerEmail={email} onChange={changed}
            unreadShown={whose === "mine"} showAsker={whose === "everyone"} />))}
      </section>
    </div>
  );
}
