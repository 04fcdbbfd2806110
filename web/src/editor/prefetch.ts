// The editor's first requests, started as soon as the page loads on /editor (alongside the editor's own code)
// and taken once by the workflow loader: a project opened directly waits for one round of requests, not for
// its code and then its data. Small on purpose: the entry bundle imports it.

import { ApiError } from "../api/client";
import { fetchNodeSpecs } from "../api/nodes";
import { fetchProviders } from "../api/providers";
import type { NodeSpec, ProviderStatus, Workflow } from "../api/types";
import { getWorkflow } from "../api/workflows";

export interface EditorData {
  workflowId: string;
  specs: Promise<NodeSpec[]>;
  workflow: Promise<Workflow>;
  providers: Promise<ProviderStatus[] | null>;
}

let early: EditorData | null = null;

/** Start loading what the editor needs for `workflowId` (the URL's ?id=); nothing when there is none. */
export function prefetchEditorData(workflowId: string | null): void {
  if (!workflowId) return;
  early = { workflowId, specs: fetchNodeSpecs(), workflow: getWorkflow(workflowId),
    providers: fetchProviders().catch(() => null) };
  // a failure is reported by the loader that takes these; left untaken, it is no unhandled rejection
  early.specs.catch(() => undefined);
  early.workflow.catch((error: unknown) => {
    // signed out (accounts mode): the page goes to sign in, and the editor asks again afterwards
    if (error instanceof ApiError && error.status === 401 && early?.workflowId === workflowId) early = null;
  });
}

/** The requests started for `workflowId`, once (later loads, e.g. of another project, fetch afresh). */
export function takePrefetched(workflowId: string): EditorData | null {
  const taken = early?.workflowId === workflowId ? early : null;
  early = null;
  return taken;
}

/** The workflow request already started for `workflowId`, left in place for the loader; null when there is none. */
export function prefetchedWorkflow(workflowId: string): Promise<Workflow> | null {
  return early?.workflowId === workflowId ? early.workflow : null;
}
