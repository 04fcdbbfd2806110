// Sharing a workflow (/api/v1/workflows/{id}/shares): with an account as viewer or editor, who has it, and
// stopping it. Making it public is a field of the workflow (`is_public`, saved with its version).

import { json, request } from "./client";
import type { components } from "./schema.gen";
import type { Workflow } from "./types";

type Schemas = components["schemas"];

export type Share = Schemas["ShareOut"];
export type ShareRole = Schemas["ShareRole"];

const sharesOf = (workflowId: string) => `workflows/${encodeURIComponent(workflowId)}/shares`;

export async function listShares(workflowId: string): Promise<Share[]> {
  return (await request<Schemas["ShareList"]>(sharesOf(workflowId))).items;
}

/** Share with the account of `email` (sharing again changes the role); 404 in words when there is none. */
export function shareWorkflow(workflowId: string, email: string, role: ShareRole): Promise<Share> {
  const body: Schemas["ShareCreate"] = { email, role };
  return request<Share>(sharesOf(workflowId), { method: "POST", body: json(body) });
}

export function unshareWorkflow(workflowId: string, userId: string): Promise<void> {
  return request<void>(`${sharesOf(workflowId)}/${encodeURIComponent(userId)}`, { method: "DELETE" });
}

/** Make the workflow readable by anyone with its link (or private again); with `version`, 409 when saved elsewhere
 * since. */
export function setPublic(workflowId: string, isPublic: boolean, version?: number): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(workflowId)}`,
    { method: "PATCH", body: json({ is_public: isPublic, ...(version === undefined ? {} : { version }) }) });
}
