// The natural-language builder: POST /api/v1/agents/plan turns an instruction into a graph patch that the AI dock
// previews before anything changes (the server always has a planner: offline, or an LLM when one is configured).

import { json, request } from "./client";
import type { Plan, PlanRequest } from "./types";

/** The planner's patch for `plan.instruction` on `plan.workflow`; `signal` drops an answer no longer wanted (a new
 * instruction was sent, or the preview was discarded). Throws ApiError with the server's words on a refusal. */
export function planChange(plan: PlanRequest, signal?: AbortSignal): Promise<Plan> {
  return request<Plan>("agents/plan", { method: "POST", body: json(plan), signal });
}
