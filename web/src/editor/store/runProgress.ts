// How far the run under way has got, as the top bar counts it: "12 of 221 done", and how many of its nodes can't run
// ("3 of 10 done, 6 can't run": counted as the run's end notice counts them, "3 of 10 nodes finished"). Derived from
// the store as three numbers, so the bar re-renders only when a count changes, never for each node event, and the
// canvas not at all.

import type { EditorState } from "./editorStore";

export interface RunProgress {
  /** Nodes of the run that finished with a result (made or taken from the cache). */
  done: number;
  /** The nodes the run was started with. */
  total: number;
  /** Of those, the ones it leaves out or can no longer run (a problem on them or on a node they need: blocked; a
   * node they need failed: skipped). */
  out: number;
}

/** The run's progress (RunProgress): a selector, O(nodes of the run), no array or object kept. */
export function runProgressOf(state: Pick<EditorState, "runNodeIds" | "nodeRuns">): RunProgress {
  let done = 0;
  let out = 0;
  for (const id of state.runNodeIds) {
    const status = state.nodeRuns[id]?.status;
    if (status === "blocked" || status === "skipped") out += 1;
    else if (status === "completed") done += 1;
  }
  return { done, total: state.runNodeIds.length, out };
}

/** "12 of 221 done", "3 of 10 done, 6 can't run"; "" for a run of no nodes. */
export const runProgressText = ({ done, total, out }: RunProgress): string =>
  (total ? `${done} of ${total} done${out ? `, ${out} can't run` : ""}` : "");
