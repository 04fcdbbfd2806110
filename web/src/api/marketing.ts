// The marketing emails' unsubscribe link (/api/v1/marketing): the token of an email's link stops the emails of tips
// to its account, or undoes that, without signing in.

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

/** The choice the link's account has now: its address, and whether it receives the emails. */
export type MarketingChoice = Schemas["MarketingChoiceOut"];

function choose(path: "unsubscribe" | "resubscribe", token: string): Promise<MarketingChoice> {
  const body: Schemas["MarketingLink"] = { token };
  return request<MarketingChoice>(`marketing/${path}`, { method: "POST", body: json(body) }, { signInOn401: false });
}

/** Send no more emails of tips to the account the token names. */
export function unsubscribe(token: string): Promise<MarketingChoice> {
  return choose("unsubscribe", token);
}

/** Undo `unsubscribe`: the account receives the emails of tips again. */
export function resubscribe(token: string): Promise<MarketingChoice> {
  return choose("resubscribe", token);
}
