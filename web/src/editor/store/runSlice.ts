// Run state: the current run, each node's status, progress, outputs and errors, fed by run events.

import type { StateCreator } from "zustand";
import type { NotRunnableNode } from "../../api/runs";
import type { Problem, RunError, RunEvent, WorkflowDocument } from "../../api/types";
import { runUnderWay, type NodeRunState, type RunPhase } from "../types";
import type { EditorState } from "./editorStore";
import { runKeys } from "../changedSince";
import { fileNameSettings } from "../viewer/results";
import { nodeNames } from "../graph/nodeNames";
import { failedRunText } from "../notRunnable";
import { answeredBy, problemState, showsProblem, UPSTREAM_INVALID } from "./runProblems";

export interface RunSlice {
  runId: string | null;
  runPhase: RunPhase;
  runError: string | null;
  nodeRuns: Record<string, NodeRunState>;
  /** The notice the latest run put up ("2 nodes can't run yet: ...", "Can't run yet: ...", "The run failed: ...")
   * and the nodes whose problems it names: it goes when the next run starts, or once those problems are fixed. */
  runNotice: RunNotice | null;
  /** The node states before the run now starting, shown again if the server refuses it. */
  nodeRunsBefore: Record<string, NodeRunState>;
  /** An older run picked in the history, while it is shown instead of the latest (null otherwise). */
  pickedRun: PickedRun | null;
  /** With workers: when the worker of the run under way was found stopped (ISO 8601), while it waits for another
   * worker to take it over; null while a worker executes it (the server's `worker_lost_at`). */
  workerLostAt: string | null;
  /** What each result on screen was made from (changedSince.ts runKeys): a node changed since, or below a node
   * changed since, shows "Changed" on its result. */
  ranKeys: Readonly<Record<string, string>>;
  /** `ranKeys` as they were when the run under way started: a node the run is cancelled before keeps its earlier
   * result, and with it what that was made from. */
  ranKeysBefore: Readonly<Record<string, string>>;
  /** Each node's `filename` setting in the run under way (results.ts fileNameSettings): the results it makes carry
   * it (NodeRunState `madeAs`) and are named after it. */
  runFileNames: Readonly<Record<string, string>>;
  /** The nodes of the run on screen (those it runs and those it leaves out): a cancel says how many finished. */
  runNodeIds: readonly string[];

  beginRun(nodeIds: string[]): void;
  /** The server took the run of `document` (the graph as it was sent), of the nodes `ran` (all when absent). */
  runStarted(runId: string, document?: WorkflowDocument | null, ran?: readonly string[]): void;
  /** The run leaves `nodes` out (a problem on them, or on a node they need): each shows why, and `notice` (what the
   * user is told) stays until the next run or until the nodes with problems of their own are fixed. */
  nodesLeftOut(nodes: readonly NotRunnableNode[], notice: string): void;
  /** The server refused the run before it started: `message` is the run's error, `problems` what each node shows
   * (it can't run: not a failure), `notice` what the user is told (until the next run, or until those problems are
   * fixed). */
  runRejected(message: string, problems: readonly Problem[], notice: string): void;
  /** Apply a batch of run events (all that arrived within one animation frame) as one store update. */
  applyRunEvents(events: readonly RunEvent[]): void;
  /** One event: `applyRunEvents([event])`. */
  applyRunEvent(event: RunEvent): void;
  /** A node was edited: a failure it showed speaks of what it was before, so it goes, and with it the problems
   * that edit answers on other nodes (the empty text it fed, the nodes that only waited for it: runProblems). */
  clearFailure(nodeId: string): void;
  /** What the server said of the worker of run `runId` (its `worker_lost_at`), if it is still the run under way. */
  workerLost(runId: string, at: string | null): void;
}

/** What the editor says when another worker took over the run on screen (event run.resumed). */
export const RUN_RESUMED_TEXT =
  "The worker running this stopped; another worker took it over — finished nodes are reused";

/** Why the run under way may not be moving as its nodes last said: `unreachable` (the studio can't be reached: what
 * the run does meanwhile is unknown until the link is back), `waiting-for-worker` (its worker stopped and no other
 * has taken it over yet), or `none`. */
export type RunStall = "none" | "unreachable" | "waiting-for-worker";

/** The RunStall of the run on screen; a selector (a string: a node re-renders only when it changes). */
export function runStallOf(state: Pick<EditorState, "runPhase" | "collab" | "workerLostAt">): RunStall {
  if (state.runPhase !== "running" && state.runPhase !== "starting") return "none";
  if (state.collab === "offline" || state.collab === "reconnecting") return "unreachable";
  return state.runPhase === "running" && state.workerLostAt ? "waiting-for-worker" : "none";
}

/** Whether a node in `run`'s status is held up by `stall` (then its badge and bar stand still): queued or running
 * while the studio can't be reached, running while the run waits for a worker. */
export function isStalled(run: Pick<NodeRunState, "status">, stall: RunStall): boolean {
  if (stall === "unreachable") return run.status === "pending" || run.status === "running";
  return stall === "waiting-for-worker" && run.status === "running";
}

/** A notice a run put up (its id, see Notice) and the nodes whose problems it names (none: it names no node's). */
export interface RunNotice {
  id: number;
  nodeIds: string[];
}

/** A run shown from the history: its id and when it started (ISO 8601). */
export interface PickedRun {
  runId: string;
  startedAt: string | null;
  /** How many of the run's nodes are not on the canvas any more (deleted since, or of another graph). */
  missing: number;
  /** The version the run ran, to open as a project (the graph that made it); null for a run without one. */
  version: { workflowId: string; versionId: string } | null;
}

function errorText(error: RunError | string | null | undefined): string {
  if (!error) return "";
  return typeof error === "string" ? error : error.message;
}

/** What the editor says when the run on screen ends cancelled: how many of its `total` nodes had `finished`, and
 * that their results stay (a cancel takes nothing away). */
export function cancelledText(finished: number, total: number): string {
  if (finished === 0) return "Run cancelled before any node finished.";
  // the cancel crossed the last node's result: nothing was stopped, which "N of N finished" would hide
  if (finished >= total) {
    return total === 1 ? "The run was cancelled as it ended: its one node had finished; its result is kept."
      : `The run was cancelled as it ended: all ${total} nodes had finished; their results are kept.`;
  }
  const kept = finished === 1 ? "its result is kept" : "their results are kept";
  return `Run cancelled: ${finished} of ${total} node${total === 1 ? "" : "s"} finished; ${kept}.`;
}

/** The error of a run that a stop of the studio cut short (the server's INTERRUPTED). */
const INTERRUPTED = "interrupted";

/** What the editor says of a run the studio stopped during, and on each node it left unfinished. */
export const RUN_INTERRUPTED_TEXT =
  "The studio stopped during the run; run it again — nodes that finished are reused from the cache";
export const NOT_RUN_INTERRUPTED_TEXT = "Not run: the studio stopped during the run; run it again";

/** What a failed run says in words: its event's `message` when it has one, the error "interrupted" put in words,
 * else its error ("" when it has none). */
export function runFailureText(error: string | null | undefined, message?: unknown): string {
  if (error === INTERRUPTED) return RUN_INTERRUPTED_TEXT;
  if (typeof message === "string" && message) return message;
  return error ?? "";
}

/** Why a node a run failed as a whole (not because of a node) left unfinished was not run. */
function notRunText(error: string): string {
  return error === INTERRUPTED ? NOT_RUN_INTERRUPTED_TEXT : `Not run: the run failed (${error}); run it again`;
}

/** The nodes still queued or running set to `status`, with `error` (why) when given. */
function settle(runs: Record<string, NodeRunState>, status: NodeRunState["status"], error?: string) {
  let next: Record<string, NodeRunState> | null = null;
  for (const [id, run] of Object.entries(runs)) {
    if (run.status !== "pending" && run.status !== "running") continue;
    next ??= { ...runs };
    next[id] = error ? { ...run, status, error } : { ...run, status };
  }
  return next ?? runs;
}

/** What a node that a run did not make again keeps of its last state: the results an earlier run made, still shown
 * (marked as earlier) rather than an empty frame: a failed run takes nothing away. */
export const earlier = (run: NodeRunState | undefined): Pick<NodeRunState, "outputs" | "madeAs"> =>
  run?.outputs ? { outputs: run.outputs, ...madeAs(run.madeAs) } : {};

/** `madeAs` of a result made under the `filename` setting `name`; nothing when it is not known. */
export const madeAs = (name: string | undefined): Pick<NodeRunState, "madeAs"> =>
  name === undefined ? {} : { madeAs: name };

type RunView = Pick<RunSlice, "runPhase" | "runError" | "nodeRuns" | "workerLostAt">;

/**
 * The run state after `events` (in seq order). Only the nodes an event names get a new state object, so a
 * node's view re-renders only when its own state changed; the map itself is copied once per batch.
 */
export function foldRunEvents(state: RunView & Partial<Pick<RunSlice, "runFileNames">>, events: readonly RunEvent[]):
  RunView {
  let { runPhase, runError } = state;
  // a worker sends these events: the run is not waiting for one any more
  const workerLostAt = events.length ? null : state.workerLostAt;
  let nodeRuns = state.nodeRuns;
  let copied = false;
  const patch = (id: string, run: NodeRunState) => {
    if (!copied) {
      nodeRuns = { ...nodeRuns };
      copied = true;
    }
    nodeRuns[id] = run;
  };
  for (const event of events) {
    switch (event.type) {
      case "node.started":  // the server's clock, as long as it is not ahead of this one
        patch(event.node_id, { ...nodeRuns[event.node_id], status: "running", fraction: null, message: "",
          startedAt: Math.min(event.ts * 1000, Date.now()) });
        break;
      case "node.progress":
        patch(event.node_id, { ...nodeRuns[event.node_id], status: "running", fraction: event.fraction ?? null,
          message: event.message ?? "" });
        break;
      case "node.cached":
      case "node.completed":
        patch(event.node_id, { status: "completed", cached: event.type === "node.cached",
          outputs: event.outputs ?? {}, fraction: 1, ...madeAs(state.runFileNames?.[event.node_id]) });
        break;
      case "node.failed":
        patch(event.node_id, { ...earlier(nodeRuns[event.node_id]), status: "failed",
          error: errorText(event.error) || "Failed", errorCode: event.error?.code });
        break;
      case "node.skipped":
        patch(event.node_id, { ...earlier(nodeRuns[event.node_id]), status: "skipped",
          error: errorText(event.error) || "Skipped: an input failed", errorCode: event.error?.code });
        break;
      case "node.blocked":  // not run: it, or a node it needs, has a problem, which its error names
        patch(event.node_id, { ...earlier(nodeRuns[event.node_id]), status: "blocked",
          error: errorText(event.error) || "Not run: this node or one it needs has a problem",
          errorCode: event.error?.code });
        break;
      case "run.completed":
        runPhase = "completed";
        nodeRuns = settle(nodeRuns, "skipped");
        break;
      case "run.failed": {  // as a whole (no failed nodes): the nodes it left unfinished say why
        const whole = !event.failed_nodes?.length && Boolean(event.error);
        runPhase = "failed";
        runError = runFailureText(event.error, "message" in event ? event.message : undefined) || "The run failed";
        nodeRuns = settle(nodeRuns, "skipped", whole ? notRunText(event.error) : undefined);
        break;
      }
      case "run.cancelled":
        runPhase = "cancelled";
        nodeRuns = settle(nodeRuns, "cancelled");
        break;
      default:
        break;
    }
  }
  return { runPhase, runError, nodeRuns, workerLostAt };
}

/** The notice of a run that ended with the nodes `failedIds` failed, and the nodes it names: those, by the names the
 * canvas gives them (graph/nodeNames) in its order, and the nodes the run left out for problems of their own (those
 * the run's earlier notice named: `runNotice`) that still show them. */
function failedNodesNotice(state: EditorState, failedIds: readonly string[],
  nodeRuns: Record<string, NodeRunState>): { text: string; nodeIds: string[] } {
  const names = nodeNames(state.nodes, state.specsByType);
  const order = new Map(state.nodes.map((node, index) => [node.id, index]));
  const byCanvas = (a: string, b: string) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity);
  const failed = [...new Set(failedIds)].sort(byCanvas);
  const cantRun = (state.runNotice?.nodeIds ?? [])
    .filter((id) => !failed.includes(id) && nodeRuns[id]?.status === "blocked").sort(byCanvas);
  const title = (id: string) => names.get(id) ?? id;  // a node deleted while it ran: its id is all there is
  return { text: failedRunText(failed.map(title), cantRun.map(title)), nodeIds: [...failed, ...cantRun] };
}

/** After a cancel: the nodes the run stopped before (cancelled) that showed a result before it keep that result,
 * and what it was made from ("Changed" if edited since), instead of "Cancelled" over an empty preview: cancelling
 * takes nothing away. */
function keptThroughCancel(state: Pick<RunSlice, "nodeRunsBefore" | "ranKeys" | "ranKeysBefore">,
  next: Pick<RunSlice, "nodeRuns">): Pick<RunSlice, "nodeRuns" | "ranKeys"> {
  const nodeRuns = { ...next.nodeRuns };
  const ranKeys = { ...state.ranKeys };
  for (const [id, run] of Object.entries(next.nodeRuns)) {
    const before = state.nodeRunsBefore[id];
    if (run.status !== "cancelled" || before?.status !== "completed") continue;
    nodeRuns[id] = before;
    if (id in state.ranKeysBefore) ranKeys[id] = state.ranKeysBefore[id];
    else delete ranKeys[id];
  }
  return { nodeRuns, ranKeys };
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set, get) => ({
  runId: null,
  runPhase: "idle",
  runError: null,
  nodeRuns: {},
  runNotice: null,
  nodeRunsBefore: {},
  pickedRun: null,
  workerLostAt: null,
  ranKeys: {},
  ranKeysBefore: {},
  runFileNames: {},
  runNodeIds: [],

  beginRun: (nodeIds) => {
    const queued: Record<string, NodeRunState> = { ...get().nodeRuns };
    for (const id of nodeIds) queued[id] = { ...queued[id], status: "pending", error: undefined, fraction: null };
    // a new run is the latest: an older run picked in the history is no longer what the canvas shows, and the
    // notice the last one put up (its problems, or how it failed) is no longer news: this run says its own
    const { notice, runNotice } = get();
    const stale = notice && (notice.sticky || notice.id === runNotice?.id) ? { notice: null } : {};
    set({ runPhase: "starting", runError: null, nodeRuns: queued, nodeRunsBefore: get().nodeRuns, pickedRun: null,
      workerLostAt: null, runNotice: null, runNodeIds: nodeIds, ...stale });
  },

  runStarted: (runId, document = null, ran) => set((s) => ({ runId, runPhase: "running", ranKeysBefore: s.ranKeys,
    runFileNames: fileNameSettings(document),
    // a run of part of the graph leaves the other results as they were made
    ranKeys: document ? { ...s.ranKeys, ...runKeys(document, ran) } : s.ranKeys })),

  nodesLeftOut: (nodes, notice) => {
    if (nodes.length === 0) return;
    const nodeRuns = { ...get().nodeRuns };
    for (const node of nodes) {
      nodeRuns[node.node_id] = { ...earlier(nodeRuns[node.node_id]), ...problemState(node.problems) };
    }
    const nodeIds = nodes.filter((node) => node.problems.some((p) => p.code !== UPSTREAM_INVALID))
      .map((node) => node.node_id);
    set({ nodeRuns, runNotice: { id: get().notify(notice, "error"), nodeIds } });
  },

  runRejected: (message, problems, notice) => {
    // nothing ran: every node shows what it showed before (its last results), those with a problem say so; a node
    // refused before the run is one to fix, not one that failed: it shows "Can't run", as a node a run leaves out
    const runs = { ...get().nodeRunsBefore };
    const perNode: Record<string, Problem[]> = {};
    for (const problem of problems) if (problem.node_id) (perNode[problem.node_id] ??= []).push(problem);
    for (const [id, own] of Object.entries(perNode)) runs[id] = { ...runs[id], ...problemState(own) };
    const nodeIds = Object.keys(perNode).filter((id) => runs[id].errorCode !== UPSTREAM_INVALID);
    set({ runPhase: "failed", runError: message, nodeRuns: runs,
      runNotice: { id: get().notify(notice, "error"), nodeIds } });
  },

  clearFailure: (nodeId) => {
    const { nodeRuns, runPhase, edges, notice, runNotice } = get();
    const busy = runUnderWay(runPhase);
    const answered = answeredBy(nodeId, nodeRuns, edges, busy);
    if (answered.length === 0) return;
    const rest = { ...nodeRuns };
    for (const id of answered) delete rest[id];  // their earlier results spoke of the graph before the edit too
    const update: Partial<EditorState> = { nodeRuns: rest };
    // the last problem is fixed: the run's error goes with it
    if (!busy && runPhase === "failed" && !Object.values(rest).some(showsProblem)) {
      Object.assign(update, { runPhase: "idle", runError: null });
    }
    // so does the notice of the problems it named (not any other notice) once they are all fixed
    if (runNotice?.nodeIds.length && !runNotice.nodeIds.some((id) => showsProblem(rest[id]))) {
      Object.assign(update, { runNotice: null }, notice?.id === runNotice.id ? { notice: null } : {});
    }
    set(update);
  },

  applyRunEvents: (events) => {
    const state = get();
    const mine = events.filter((event) => event.run_id === state.runId);
    if (mine.length === 0) return;
    const next = foldRunEvents(state, mine);
    const cancelled = mine.some((event) => event.type === "run.cancelled");
    // counted before the nodes the run stopped before take back their earlier results
    const finished = cancelled
      ? state.runNodeIds.filter((id) => next.nodeRuns[id]?.status === "completed").length : 0;
    if (cancelled) Object.assign(next, keptThroughCancel(state, next));
    set(next);
    if (mine.some((event) => event.type === "run.resumed")) get().notify(RUN_RESUMED_TEXT);
    if (cancelled) get().notify(cancelledText(finished, state.runNodeIds.length));
    // a run that failed as a whole says so until dismissed; one whose nodes failed names them (each says why on
    // the canvas and in its settings, which the notice opens), until they are fixed or the next run starts
    const failed = mine.find((event) => event.type === "run.failed");
    if (failed?.type === "run.failed" && failed.failed_nodes?.length) {
      const { text, nodeIds } = failedNodesNotice(get(), failed.failed_nodes, next.nodeRuns);
      const first = nodeIds.find((id) => get().nodes.some((node) => node.id === id));
      const showWhy = (id: string) => { get().requestFitView([id]); get().openSettings(id); };
      const options = first ? { action: { label: "Show why", run: () => showWhy(first) } } : {};
      set({ runNotice: { id: get().notify(text, "error", options), nodeIds } });
    } else if (failed?.type === "run.failed" && next.runError) {
      const text = failed.error === INTERRUPTED ? next.runError : `The run failed: ${next.runError}`;
      set({ runNotice: { id: get().notify(text, "error", { sticky: true }), nodeIds: [] } });
    }
  },

  workerLost: (runId, at) => {
    const { runId: shown, runPhase, workerLostAt } = get();
    if (runId === shown && runPhase === "running" && at !== workerLostAt) set({ workerLostAt: at });
  },

  applyRunEvent: (event) => get().applyRunEvents([event]),
});
