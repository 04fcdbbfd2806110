// The support agent (/api/v1/agents/support): a question answered from the product docs and kept as a ticket.

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type SupportTicket = Schemas["SupportTicketOut"];
export type HelpSource = Schemas["HelpSource"];
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

/** The user guide, section by section (public). */
export async function fetchGuide(): Promise<GuideSection[]> {
  return (await request<Schemas["Guide"]>("help/guide")).sections;
}
