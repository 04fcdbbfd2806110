// Starting, following and cancelling runs of the graph on screen (one run at a time per editor).

import { ApiError, couldNot } from "../api/client";
import type { Problem, RunEvent, WorkflowDocument } from "../api/types";
import { cancelRun, followRun, startRun, type NotRunnableNode, type StartRun } from "../api/runs";
import { runnableDocument } from "./graph/document";
import { nodeNames } from "./graph/nodeNames";
import { notRunnableText, refusedRunText } from "./notRunnable";
import { upstreamOf } from "./graph/search";
import { inDesignerWords } from "./graph/unknownType";
import { stateVector } from "./collab/session";
import { closedRunWords, useCollabInfo } from "./collab/presence";
import { useEditor } from "./store/editorStore";
import { isStudioNode, runUnderWay } from "./types";
import { watchWorker } from "./workerWatch";

let stopFollowing: (() => void) | null = null;
/** The run followed onto the canvas, and the seq of the last of its events applied there. */
let applied: { runId: string; seq: number } | null = null;
/** While this page's Run waits for the server to take the run (it has no id yet): whether Cancel was pressed
 * meanwhile, so the run is cancelled as soon as its id comes (null when no run is being submitted). */
let submission: { cancel: boolean } | null = null;

/** Follow `runId`'s events after seq `after` onto the canvas, and watch that it still has a worker while it is
 * quiet. */
function follow(runId: string, after = 0): () => void {
  applied = { runId, seq: after };
  const watch = watchWorker(runId);
  const stop = followRun(runId, (events: RunEvent[]) => {
    watch.saw();
    applied = { runId, seq: events[events.length - 1].seq };
    useEditor.getState().applyRunEvents(events);  // a batch (one animation frame's worth) as one store update
  }, after);
  return () => {
    watch.stop();
    stop();
  };
}

/** What the run is of: the live document (its id, and this page's state of it for the server to wait for) while
 * the session is live; the graph on screen as a document otherwise (offline, or no session). */
function runSubject(document: WorkflowDocument): StartRun {
  const { workflow, collab } = useEditor.getState();
  const state = collab === "live" ? stateVector() : null;
  return workflow && state ? { workflow_id: workflow.id, collab_state: state } : { workflow: document };
}

/** Run the whole graph, or just `fromNode` and the nodes it needs (unchanged ones come from the cache). Not while a
 * run is under way (`runUnderWay`), nor once the live link ended for good (the project deleted, access taken away):
 * that is said, and nothing starts. */
export async function runGraph(fromNode?: string): Promise<void> {
  const state = useEditor.getState();
  if (runUnderWay(state.runPhase)) {
    state.notify("A run is under way: wait for it to end, or cancel it, then run again", "info",
      { over: (now) => !runUnderWay(now.runPhase) });
    return;
  }
  if (state.collab === "closed") {  // the project deleted, or access taken away: the banner says what to do
    state.notify(closedRunWords(useCollabInfo.getState().closedReason), "error");
    return;
  }
  const document = runnableDocument(state.nodes, state.edges);
  if (document.nodes.length === 0) {
    state.notify("Add a node before running", "info",
      { over: (now) => runnableDocument(now.nodes, now.edges).nodes.length > 0 });
    return;
  }
  stopFollowing?.();
  stopFollowing = null;
  const targets = fromNode ? upstreamOf(fromNode, document.edges) : document.nodes.map((n) => n.id);
  state.beginRun(targets);
  const mine = { cancel: false };
  submission = mine;
  try {
    const run = await startRun({ ...runSubject(document), ...(fromNode ? { from_node: fromNode } : {}) });
    useEditor.getState().runStarted(run.id, document, targets);
    showNotRunnable(run.not_runnable ?? []);
    stopFollowing = follow(run.id);
    if (mine.cancel) await cancelById(run.id);  // Cancel was pressed before the run had an id: it is cancelled now
  } catch (error) {
    rejectRun(error);
  } finally {
    if (submission === mine) submission = null;
  }
}

/** What the user calls node `nodeId`: its name on the canvas (the title they gave it, else its type's title, a
 * namesake numbered: graph/nodeNames), else its type's title (`type` when it is not on the canvas any more). */
function nodeTitle(nodeId: string, type?: string): string {
  const { nodes, specsByType } = useEditor.getState();
  return nodeNames(nodes, specsByType).get(nodeId) || (type && specsByType.get(type)?.title) || type || nodeId;
}

/** `problems` as the editor says them (graph/unknownType: a type this studio does not know, in a designer's
 * words, not the CLI's). */
function editorWords(problems: readonly Problem[]): Problem[] {
  const { nodes, specsByType } = useEditor.getState();
  const typeOf = (nodeId: string) => nodes.filter(isStudioNode).find((node) => node.id === nodeId)?.data.nodeType;
  return problems.map((problem) => inDesignerWords(problem, typeOf, specsByType));
}

/** The nodes the server left out of the run (a problem on them, or on a node they need) show it, and a notice
 * names the first few with their problems (notRunnableText), while the rest runs (their node.blocked events say
 * the same once the run starts). */
function showNotRunnable(leftOut: NotRunnableNode[]): void {
  if (leftOut.length === 0) return;
  const nodes = leftOut.map((node) => ({ ...node, problems: editorWords(node.problems) }));
  useEditor.getState().nodesLeftOut(nodes, notRunnableText(nodes, (node) => nodeTitle(node.node_id, node.type)));
}

/** The server refused the whole run: each node shows its problems, and the notice names the first few
 * (refusedRunText). */
function rejectRun(error: unknown): void {
  const state = useEditor.getState();
  if (error instanceof ApiError && error.problems.length) {
    const problems = editorWords(error.problems);
    state.runRejected(problems.map((p) => p.message).join("; "), problems,
      refusedRunText(problems, (nodeId) => nodeTitle(nodeId)));
    return;
  }
  const message = error instanceof Error ? error.message : "The run could not start";
  state.runRejected(message, [], message);
}

/** What the editor says when Cancel reached a run that had ended meanwhile (the server's 409 `run_finished`, whose
 * words name the run's id: they are the API's and the CLI's, not a designer's). */
export const RUN_ALREADY_ENDED_TEXT = "The run had already finished, so there was nothing left to cancel.";

/** Cancel the run on screen: the one under way now, never an earlier one. Pressed while this page's run is still
 * being submitted (it has no id yet: the store still holds the last run's), the run is cancelled as soon as the
 * server takes it. Resolves false when the cancel could not be asked for (the user is told why, and may press
 * Cancel again). */
export async function cancelCurrentRun(): Promise<boolean> {
  if (submission) {
    submission.cancel = true;
    return true;
  }
  const { runId, runPhase } = useEditor.getState();
  if (!runId || !runUnderWay(runPhase)) return true;
  return cancelById(runId);
}

/** Ask the server to cancel run `runId`; false (and said) when it could not. */
async function cancelById(runId: string): Promise<boolean> {
  try {
    await cancelRun(runId);
    return true;
  } catch (error) {
    const { notify } = useEditor.getState();
    if (error instanceof ApiError && error.code === "run_finished") {
      notify(RUN_ALREADY_ENDED_TEXT, "info");  // its end, on its way to the canvas, shows what it made
      return true;
    }
    notify(cancelFailedText(error), "error");
    return false;
  }
}

/** Why a cancel failed, in words: the server's own, except where they name the run by its id (not found). */
function cancelFailedText(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) {
    return "The run could not be cancelled: the studio no longer has it. Open the History to see your runs.";
  }
  return couldNot("The run could not be cancelled", error);
}

/** Follow a run this page did not start (one under way when the project was opened) until it ends; the store
 * already holds its run id and record, and its events (replayed from the first) bring it up to date. */
export function followRunOnCanvas(runId: string): void {
  stopFollowing?.();
  stopFollowing = follow(runId);
}

/** Follow the run on the canvas again after the link to the studio was lost: only the events after the last one
 * applied are read (those missed meanwhile), not the whole run again. */
export function resumeRunOnCanvas(runId: string): void {
  const after = applied?.runId === runId ? applied.seq : 0;
  stopFollowing?.();
  stopFollowing = follow(runId, after);
}

/** Stop listening (when the editor closes); the run itself carries on on the server. */
export function detachRun(): void {
  stopFollowing?.();
  stopFollowing = null;
}
