// The signed-in account's own settings (/api/v1/me): the name, the analytics opt-out and the marketing emails.

import type { Me } from "./auth";
import { json, request } from "./client";
import type { components } from "./schema.gen";

export type ProfileUpdate = components["schemas"]["ProfileUpdate"];

/** Change what `change` names (the rest stays): the account as it is now. */
export function updateProfile(change: ProfileUpdate): Promise<Me> {
  return request<Me>("me", { method: "PATCH", body: json(change) });
}
