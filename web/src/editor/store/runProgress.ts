// How far the run under way has got, as the top bar counts it: "12 of 221 done". Derived from the store as two
// numbers, so the bar re-renders only when a count changes, never for each node event, and the canvas not at all.

import type { EditorState } from "./editorStore";

export interface RunProgress {
  /** Nodes of the run that finished with a result (made or taken from the cache). */
  done: number;
  /** The nodes the run runs: those it was started with, less those it leaves out or can no longer run (a problem
   * on them or on a node they need: blocked; a node they need failed: skipped). */
  total: number;
}

/** The run's progress (RunProgress): a selector, O(nodes of the run), no array or object kept. */
export function runProgressOf(state: Pick<EditorState, "runNodeIds" | "nodeRuns">): RunProgress {
  let done = 0;
  let total = 0;
  for (const id of state.runNodeIds) {
    const status = state.nodeRuns[id]?.status;
    if (status === "blocked" || status === "skipped") continue;
    total += 1;
    if (status === "completed") done += 1;
  }
  return { done, total };
}

/** "12 of 221 done"; "" for a run of no nodes. */
export const runProgressText = ({ done, total }: RunProgress): string => (total ? `${done} of ${total} done` : "");
