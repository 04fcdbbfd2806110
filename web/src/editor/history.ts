// Puts a recorded run on the canvas (node statuses, previews, the Results panel): the latest run when a
// project opens, or one picked in the history. A run still under way is followed live to its end.

import { getRun, listRuns, type NodeRunRecord, type RunRecord } from "../api/runs";
import type { OutputValue, RunStatus } from "../api/types";
import { detachRun, followRunOnCanvas } from "./runner";
import { useEditor } from "./store/editorStore";
import { isStudioNode, type NodeRunState, type RunPhase } from "./types";

const PHASES: Record<RunStatus, RunPhase> = {
  queued: "running", running: "running", completed: "completed", failed: "failed", cancelled: "cancelled",
};

export const isLive = (status: RunStatus): boolean => status === "queued" || status === "running";

/** What a node shows of its record; null for a node the run has not reached (nothing to show yet). */
export function nodeRunState(record: NodeRunRecord): NodeRunState | null {
  const outputs = record.outputs as Record<string, OutputValue>;
  const message = record.error?.message;
  switch (record.status) {
    case "pending":
      return { status: "pending", fraction: null };
    case "running":
      return { status: "running", fraction: null, message: "" };
    case "completed":
      return { status: "completed", cached: record.cached, outputs, fraction: 1 };
    case "failed":
      return { status: "failed", error: message || "Failed" };
    case "skipped":
      return { status: "skipped", error: message || "Skipped: an input failed" };
    case "cancelled":
      return { status: "cancelled", outputs };
    case "blocked":  // not run because of a problem, which its error names
      return { status: "blocked", error: message || "Not run: this node or one it needs has a problem" };
  }
}

/** The states of the run's nodes that are still on the canvas (a node deleted since is left out). */
export function nodeRunsOf(run: RunRecord, nodeIds: ReadonlySet<string>): Record<string, NodeRunState> {
  const runs: Record<string, NodeRunState> = {};
  for (const [id, record] of Object.entries(run.nodes)) {
    const state = nodeIds.has(id) ? nodeRunState(record) : null;
    if (state) runs[id] = state;
  }
  return runs;
}

/** Show `run` on the canvas in place of whatever run was shown, and follow it if it is still under way. Nodes
 * it did not run keep their state from `earlier` runs (newest first), as they did on screen during those runs. */
export function showRun(run: RunRecord, earlier: RunRecord[] = []): void {
  detachRun();
  const ids = new Set(useEditor.getState().nodes.filter(isStudioNode).map((node) => node.id));
  const nodeRuns = Object.assign({}, ...[...earlier].reverse().map((before) => nodeRunsOf(before, ids)),
    nodeRunsOf(run, ids)) as Record<string, NodeRunState>;
  useEditor.setState({
    runId: run.id, runPhase: PHASES[run.status], runError: run.error ?? null,
    nodeRuns, nodeRunsBefore: {}, rejectionNoticeId: null,
  });
  if (isLive(run.status)) followRunOnCanvas(run.id);
}

// How far back a project's results are looked for behind runs of single nodes ("Run this node").
const PARTIAL_RUNS_BACK = 5;

export interface LatestResults {
  run: RunRecord;
  /** The runs before it, newest first, back to the last run of the whole graph, when `run` ran part of it. */
  earlier: RunRecord[];
}

/** What a project showed when it was last open: its latest run, and the runs before it that the nodes a
 * partial run left alone were showing; null when it has never run. */
export async function latestResults(workflowId: string): Promise<LatestResults | null> {
  const page = await listRuns(workflowId, PARTIAL_RUNS_BACK + 1);
  const whole = page.items.findIndex((item) => !item.targets);  // a run of the whole graph: nothing before it shows
  const wanted = whole < 0 ? page.items : page.items.slice(0, whole + 1);
  const records = await Promise.all(wanted.map((item) => getRun(item.id)));  // read at once, not one by one
  return records.length ? { run: records[0], earlier: records.slice(1) } : null;
}

/** Show a run picked in the history, unless a run started while it was being read: that one stays on screen
 * (showing the picked run instead would stop following it, leaving it running with no way to cancel it). */
export async function showRecordedRun(runId: string): Promise<void> {
  const shown = useEditor.getState().runId;
  const run = await getRun(runId);
  const now = useEditor.getState();
  if (now.runId !== shown || now.runPhase === "starting") return;
  showRun(run);
}
