// The agents' job queue (/api/v1/agents/jobs, staff and admins): the scheduled agents' reports and the jobs staff
// queue for agents outside the studio.

import { request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type AgentJob = Schemas["AgentJobOut"];

/** The newest jobs, of one type when given. */
export async function listAgentJobs(type?: AgentJob["type"], limit = 20): Promise<AgentJob[]> {
  const query = new URLSearchParams({ limit: String(limit), ...(type ? { type } : {}) });
  return (await request<Schemas["AgentJobPage"]>(`agents/jobs?${query}`)).items;
}
