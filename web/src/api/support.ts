// The support agent (/api/v1/agents/support): a question answered from the product docs and kept as a ticket, with
// its thread: the team's replies and the asker's follow-ups.

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type SupportTicket = Schemas["SupportTicketOut"];
export type HelpSource = Schemas["HelpSource"];
export type TicketReply = Schemas["TicketReplyOut"];
export type GuideSection = Schemas["GuideSection"];

/** Ask the support agent: the new ticket, with its answer and the docs sections it drew on. */
export function askSupport(ticket: string): Promise<SupportTicket> {
  const body: Schemas["SupportTicketIn"] = { ticket };
  return request<SupportTicket>("agents/support", { method: "POST", body: json(body) });
}

/** Your tickets, newest first; with `everyone` (staff and admins), every account's. */
export async function listSupportTickets(limit = 20, everyone = false): Promise<SupportTicket[]> {
  return (await request<Schemas["SupportTicketPage"]>(`agents/support?limit=${limit}&everyone=${everyone}`)).items;
}

/** Write in a ticket's thread (the team answers, the asker writes back): the ticket as it is now. */
export function replyToTicket(id: string, text: string): Promise<SupportTicket> {
  const body: Schemas["TicketReplyIn"] = { text };
  return request<SupportTicket>(`agents/support/${encodeURIComponent(id)}/replies`, { method: "POST", body: json(body) });
}

/** Close a ticket: nobody replies to it any more. */
export function closeTicket(id: string): Promise<SupportTicket> {
  return request<SupportTicket>(`agents/support/${encodeURIComponent(id)}/close`, { method: "POST" });
}

/** The asker has read a ticket's thread: its team replies are no longer unread. */
export function markTicketRead(id: string): Promise<void> {
  return request<void>(`agents/support/${encodeURIComponent(id)}/read`, { method: "POST" });
}

/** The user guide, section by section (public). */
export async function fetchGuide(): Promise<GuideSection[]> {
  return (await request<Schemas["Guide"]>("help/guide")).sections;
}
