// Puts a recorded run on the canvas (node statuses, previews, the Results panel): the latest run when a
// project opens, or one picked in the history. A run still under way is followed live to its end.

import { getRun, listRuns, type NodeRunRecord, type RunRecord } from "../api/runs";
import type { OutputValue, RunStatus, WorkflowDocument } from "../api/types";
import { changedSince, runKeys } from "./changedSince";
import { detachRun, followRunOnCanvas, resumeRunOnCanvas } from "./runner";
import { useEditor } from "./store/editorStore";
import { earlier, madeAs, type PickedRun } from "./store/runSlice";
import { fileNameSettings } from "./viewer/results";
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
      return { status: "failed", error: message || "Failed", errorCode: record.error?.code };
    case "skipped":
      return { status: "skipped", error: message || "Skipped: an input failed", errorCode: record.error?.code };
    case "cancelled":
      return { status: "cancelled", outputs };
    case "blocked":  // not run because of a problem, which its error names
      return { status: "blocked", error: message || "Not run: this node or one it needs has a problem",
        errorCode: record.error?.code };
  }
}

/** What a run said went wrong with a node: true for the states a node that changed since no longer has. */
const PROBLEMS: ReadonlySet<NodeRunState["status"]> = new Set(["failed", "blocked", "skipped"]);

/** The states of the run's nodes that are still on the canvas (a node deleted since is left out), each result with
 * the `filename` setting its node had in the run (`madeAs`). A node in `changed` (edited since the run) keeps its
 * results but not a failure: that spoke of its earlier settings. */
export function nodeRunsOf(run: RunRecord, nodeIds: ReadonlySet<string>,
  changed: ReadonlySet<string> = new Set()): Record<string, NodeRunState> {
  const runs: Record<string, NodeRunState> = {};
  const names = run.document ? fileNameSettings(run.document as WorkflowDocument) : {};
  for (const [id, record] of Object.entries(run.nodes)) {
    const state = nodeIds.has(id) ? nodeRunState(record) : null;
    if (state && !(changed.has(id) && PROBLEMS.has(state.status))) {
      runs[id] = state.outputs ? { ...state, ...madeAs(names[id]) } : state;
    }
  }
  return runs;
}

/** `nodeRunsOf` for the canvas now: without the failures of nodes edited since `run`, unless the run was `picked`
 * in the history, where a person looks for what went wrong then. */
function canvasRunsOf(run: RunRecord, picked = false): Record<string, NodeRunState> {
  const { nodes, edges } = useEditor.getState();
  const ids = new Set(nodes.filter(isStudioNode).map((node) => node.id));
  const changed = picked ? new Set<string>()
    : changedSince(run.document as WorkflowDocument | null | undefined, nodes, edges);
  return nodeRunsOf(run, ids, changed);
}

/** Whether the run stopped before the node made anything (cancelled, or not reached). */
const unfinished = (record: NodeRunRecord | undefined) => record?.status === "pending" || record?.status === "cancelled";

/** The keys of what `run` made, for the nodes it ran; a run still under way, for those it is to make too (those it
 * had still queued when it was read: their results come with its events, made from its graph). */
const keysOf = (run: RunRecord) => runKeys(run.document as WorkflowDocument | null | undefined,
  Object.entries(run.nodes).filter(([, record]) => !unfinished(record) || (isLive(run.status)
    && record.status === "pending")).map(([id]) => id));

type NodeRuns = Record<string, NodeRunState>;

/** The node states of a run laid over those of the runs before it, as the canvas showed them at its end: a node the
 * run was cancelled before keeps the result an earlier run made, and one it did not make again (failed, skipped, left
 * out) says so over the results it showed before (`earlier`): a failed run takes nothing away. */
function laidOver(before: NodeRuns, run: NodeRuns): NodeRuns {
  const nodeRuns = { ...before };
  for (const [id, state] of Object.entries(run)) {
    const below = before[id];
    if (state.status === "cancelled" && below?.status === "completed") continue;
    nodeRuns[id] = PROBLEMS.has(state.status) ? { ...earlier(below), ...state } : state;
  }
  return nodeRuns;
}

/** Show `run` on the canvas in place of whatever run was shown, and follow it if it is still under way. Nodes
 * it did not run, was cancelled before or did not make again keep what they showed of `earlier` runs (newest first),
 * as they did on screen during those runs (`laidOver`).
 * `picked`: an older run chosen in the history (the canvas says so), not the latest. */
export function showRun(run: RunRecord, earlier: RunRecord[] = [], picked = false): void {
  detachRun();
  const before = [...earlier].reverse().map((each) => canvasRunsOf(each)).reduce(laidOver, {});
  const nodeRuns = laidOver(before, canvasRunsOf(run, picked));
  useEditor.setState({
    runId: run.id, runPhase: PHASES[run.status], runError: run.error ?? null, workerLostAt: run.worker_lost_at,
    nodeRuns, nodeRunsBefore: {}, runNotice: null, runNodeIds: Object.keys(run.nodes),
    runFileNames: fileNameSettings(run.document as WorkflowDocument | null | undefined),  // those it is still to make
    // each result as the run that made it ran it: the earlier runs' for the nodes the latest left alone
    ranKeys: Object.assign({}, ...[...earlier].reverse().map(keysOf), keysOf(run)) as Record<string, string>,
    pickedRun: picked ? pickedRunOf(run) : null,
  });
  if (isLive(run.status)) followRunOnCanvas(run.id);
}

/** An older run picked in the history, as the canvas labels it: when it ran, how many of its nodes the canvas no
 * longer has, and the version that made it. */
function pickedRunOf(run: RunRecord): PickedRun {
  const onCanvas = new Set(useEditor.getState().nodes.filter(isStudioNode).map((node) => node.id));
  return {
    runId: run.id,
    startedAt: run.started_at ?? run.created_at,
    missing: Object.keys(run.nodes).filter((id) => !onCanvas.has(id)).length,
    version: run.version_id && run.workflow_id ? { workflowId: run.workflow_id, versionId: run.version_id } : null,
  };
}

// How far back a project's results are looked for behind runs of single nodes ("Run this node").
const PARTIAL_RUNS_BACK = 5;

export interface LatestResults {
  run: RunRecord;
  /** The runs before it, newest first, back to the last run of the whole graph that completed, when `run` ran part
   * of it, failed or was cancelled. */
  earlier: RunRecord[];
}

/** What a project showed when it was last open: its latest run, and the runs before it that the nodes a
 * partial, cancelled or failed run left alone or did not make again were showing; null when it has never run. */
export async function latestResults(workflowId: string): Promise<LatestResults | null> {
  const page = await listRuns(workflowId, PARTIAL_RUNS_BACK + 1);
  // a run of the whole graph that completed: nothing before it shows (one that failed or was cancelled shows the
  // results it did not make again as the runs before it made them)
  const whole = page.items.findIndex((item) => !item.targets && item.status === "completed");
  const wanted = whole < 0 ? page.items : page.items.slice(0, whole + 1);
  const records = await Promise.all(wanted.map((item) => getRun(item.id)));  // read at once, not one by one
  return records.length ? { run: records[0], earlier: records.slice(1) } : null;
}

/** Whether no run started while something was being read (then the run on screen stays: showing another
 * instead would stop following it, leaving it running with no way to cancel it). */
function untouchedSince(shown: string | null): boolean {
  const now = useEditor.getState();
  return now.runId === shown && now.runPhase !== "starting";
}

/** Show a run picked in the history (`latest`: the project's newest run, else the canvas says it shows an older
 * one), unless a run started while it was being read. */
export async function showRecordedRun(runId: string, latest = false): Promise<void> {
  const shown = useEditor.getState().runId;
  const run = await getRun(runId);
  if (untouchedSince(shown)) showRun(run, [], !latest);
}

/** Catch the run under way on screen up after the studio was out of reach while it ran: follow it again from the
 * last event the canvas applied, so only the events missed meanwhile are read (a run of 400 nodes is not replayed);
 * they bring its nodes, and the run's end if it ended meanwhile, up to date. */
export function refreshShownRun(): void {
  const { runId, runPhase } = useEditor.getState();
  if (runId && runPhase === "running") resumeRunOnCanvas(runId);
}

/** Back from an older run picked in the history to what the project shows of its latest run. */
export async function showLatestRun(): Promise<void> {
  const { runId: shown, workflow } = useEditor.getState();
  if (!workflow) return;
  const results = await latestResults(workflow.id);
  if (!untouchedSince(shown)) return;
  if (results) showRun(results.run, results.earlier);
  else useEditor.setState({ pickedRun: null });
}
