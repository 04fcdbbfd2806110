// Credits (/api/v1/credits): your balance, what you spent this month, the caps, and your ledger.

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type CreditsOverview = Schemas["CreditsOut"];
export type CreditEntry = Schemas["CreditEntryOut"];
export type CreditKind = Schemas["CreditKind"];

/** The balance and the newest `limit` rows of the ledger. */
export function getCredits(limit = 20): Promise<CreditsOverview> {
  return request<CreditsOverview>(`credits?limit=${limit}`);
}

/** What a run would charge now, node by node (cached nodes are free); `charged` is false in local mode. */
export type RunEstimate = Schemas["RunEstimate"];
/** One node of an estimate: whether it runs, comes from the cache (free) or is blocked, and its credits. */
export type NodeEstimate = Schemas["NodeEstimate"];

/** The price of running `body.workflow` (a document, saved or not) or a saved `body.workflow_id`. */
export function estimateRun(body: Schemas["RunCreate"]): Promise<RunEstimate> {
  return request<RunEstimate>("runs/estimate", { method: "POST", body: json(body) });
}

/** A started Stripe Checkout: `url` is where the buyer pays. */
export type Checkout = Schemas["CheckoutOut"];

/** Start buying `credits` credits: answers the Stripe page to send the browser to. */
export function startCheckout(credits: number): Promise<Checkout> {
  return request<Checkout>("credits/checkout", { method: "POST", body: json({ credits }) });
}
