// The admin page's support tickets: every account's questions, newest first, each saying whether it waits for a
// person; Open shows one whole with its thread, where the admin replies to it or closes it.

import { useEffect, useState } from "react";
import { listSupportTickets, type SupportTicket } from "../api/support";
import { TicketCard } from "../app/TicketCard";
import { replaceTicket, STATUS_TEXT, type TicketChange } from "../app/tickets";
import { errorText } from "../auth/errorText";
import { Section } from "../auth/Section";
import { timeAgo } from "../dashboard/timeAgo";

/** `selfEmail`: the admin's own (their replies say "You"); `onReply`: a reply went through (the audit log has a new
 * entry; a close writes none). */
export function SupportTickets({ selfEmail, onReply }: { selfEmail: string; onReply: () => void }) {
  const [tickets, setTickets] = useState<SupportTicket[] | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listSupportTickets(50, true).then(setTickets, (e: unknown) => setError(errorText(e)));
  }, []);
  const changed = (ticket: SupportTicket, change: TicketChange) => {
    setTickets((list) => replaceTicket(list, ticket));
    if (change === "replied") onReply();
  };
  return (
    <Section title="Support tickets"
      intro="Every account's questions, newest first. Open one to read its thread, reply to the person or close it.">
      {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
      {tickets?.length === 0 && <p className="text-sm text-zinc-500">No questions yet.</p>}
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="admin-support-tickets">
        {tickets?.map((ticket) => (
          <li key={ticket.id} className="py-2" data-testid="admin-support-ticket" data-status={ticket.status}>
            <div className="flex items-start justify-between gap-4">
              <span className="min-w-0">
                <span className="line-clamp-2 break-words">{ticket.ticket}</span>
                <span className="text-xs text-zinc-500">
                  {ticket.asked_by ?? "the local owner"} · {STATUS_TEXT[ticket.status]}
                  {ticket.replies.length > 0 ? ` · ${ticket.replies.length} repl${ticket.replies.length === 1 ? "y" : "ies"}` : ""}
                  {ticket.created_at ? ` · ${timeAgo(ticket.created_at)}` : ""}</span>
              </span>
              <button type="button" className="btn shrink-0" aria-expanded={opened === ticket.id}
                aria-label={`${opened === ticket.id ? "Hide" : "Open"} the question “${ticket.ticket.slice(0, 60)}”`}
                onClick={() => setOpened(opened === ticket.id ? null : ticket.id)}>
                {opened === ticket.id ? "Hide" : "Open"}</button>
            </div>
            {opened === ticket.id && (
              <div className="mt-2">
                <TicketCard ticket={ticket} viewerEmail={selfEmail} onChange={changed} showAsker />
              </div>)}
          </li>))}
      </ul>
    </Section>
  );
}
