// Starting, following and cancelling runs of the graph on screen (one run at a time per editor).

import { ApiError } from "../api/client";
import { cancelRun, followRun, startRun } from "../api/runs";
import { runnableDocument } from "./graph/document";
import { upstreamOf } from "./graph/search";
import { saveNow } from "./hooks/useAutosave";
import { useEditor } from "./store/editorStore";

let stopFollowing: (() => void) | null = null;

/** The saved workflow's id once everything on screen is saved; otherwise the run carries the document. */
async function savedWorkflowId(): Promise<string | null> {
  const { workflow, saveState } = useEditor.getState();
  if (!workflow) return null;
  if (saveState !== "saved") await saveNow();
  return useEditor.getState().saveState === "saved" ? workflow.id : null;
}

/** Run the whole graph, or just `fromNode` and the nodes it needs (unchanged ones come from the cache). */
export async function runGraph(fromNode?: string): Promise<void> {
  const state = useEditor.getState();
  const document = runnableDocument(state.nodes, state.edges);
  if (document.nodes.length === 0) {
    state.notify("Add a node before running");
    return;
  }
  stopFollowing?.();
  stopFollowing = null;
  const targets = fromNode ? upstreamOf(fromNode, document.edges) : document.nodes.map((n) => n.id);
  state.beginRun(targets);
  try {
    const workflowId = await savedWorkflowId();
    const run = await startRun({
      ...(workflowId ? { workflow_id: workflowId } : { workflow: document }),
      ...(fromNode ? { from_node: fromNode } : {}),
    });
    useEditor.getState().runStarted(run.id);
    stopFollowing = followRun(run.id, (event) => useEditor.getState().applyRunEvent(event));
  } catch (error) {
    rejectRun(error);
  }
}

function rejectRun(error: unknown): void {
  const state = useEditor.getState();
  if (error instanceof ApiError && error.problems.length) {
    const perNode: Record<string, string> = {};
    for (const problem of error.problems) {
      if (problem.node_id) {  // each message names its field in words ("Radius must be ..."): no raw key
        perNode[problem.node_id] = [perNode[problem.node_id], problem.message].filter(Boolean).join("; ");
      }
    }
    state.runRejected(error.problems.map((p) => p.message).join("; "), perNode,
      `Can't run yet: ${error.problems[0].message}`);
    return;
  }
  const message = error instanceof Error ? error.message : "The run could not start";
  state.runRejected(message, {}, message);
}

export async function cancelCurrentRun(): Promise<void> {
  const { runId, runPhase, notify } = useEditor.getState();
  if (!runId || (runPhase !== "running" && runPhase !== "starting")) return;
  try {
    await cancelRun(runId);
  } catch (error) {
    notify(error instanceof Error ? error.message : "Could not cancel", "error");
  }
}

/** Stop listening (when the editor closes); the run itself carries on on the server. */
export function detachRun(): void {
  stopFollowing?.();
  stopFollowing = null;
}
