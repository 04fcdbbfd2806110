// What the Help page and the admin page's list both say and do with support tickets (kept out of TicketCard.tsx,
// which exports only components so that fast refresh keeps working).

import type { SupportTicket } from "../api/support";

/** Where a ticket stands, in words, on a studio with accounts (whose team answers what the docs do not): the card
 * says it unless answered, the admin page's list always. */
export const STATUS_TEXT: Record<SupportTicket["status"], string> = {
  open: "waiting for a person",
  answered: "answered",
  closed: "closed",
};

/** Where a ticket stands on the card: on a local studio (`local`) the only person is the owner who asked, so a
 * question the docs do not answer waits for nobody. */
export function statusText(status: SupportTicket["status"], local: boolean): string {
  return local && status === "open" ? "the guide has no answer" : STATUS_TEXT[status];
}

/** What a reply box did to a ticket: a reply is written to the audit log, a close is not. */
export type TicketChange = "replied" | "closed";

/** The list with `changed` in place of the ticket of its id (what a reply or close answered). */
export function replaceTicket(list: SupportTicket[] | null, changed: SupportTicket): SupportTicket[] | null {
  return list && list.map((ticket) => (ticket.id === changed.id ? changed : ticket));
}
