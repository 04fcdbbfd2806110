// The natural-language planner endpoint, used when the server offers it; otherwise the editor plans locally.

import { json, request } from "./client";
import type { Plan, WorkflowDocument } from "./types";

const PLAN_PATH = "/api/v1/agents/plan";
let available: Promise<boolean> | undefined;

/**
 * Whether this server has a planner. Asked once, from the API description rather than by trying the
 * endpoint, so an older server does not log a failed request in the browser console.
 */
export function plannerAvailable(): Promise<boolean> {
  available ??= request<{ paths?: Record<string, unknown> }>("/openapi.json").then(
    (spec) => Boolean(spec.paths && PLAN_PATH in spec.paths),
    () => false,
  );
  return available;
}

/** Ask the server to plan; `null` means the server has no planner and the caller plans locally. */
export async function planOnServer(instruction: string, document: WorkflowDocument): Promise<Plan | null> {
  if (!(await plannerAvailable())) return null;
  return request<Plan>("agents/plan", { method: "POST", body: json({ instruction, document }) });
}
