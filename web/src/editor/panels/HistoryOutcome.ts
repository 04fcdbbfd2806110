// What the History says a run came to (RunOutcome): the server's status, told finer where a designer would read it
// wrong ("Completed" for a run that saved nothing), with its words, its tone and what it says on hover.

import type { RunListItem } from "../../api/runs";
import type { RunStatus } from "../../api/types";

/** What the History says a run came to: the server's status, told finer where a designer would read it wrong. A
 * run the server calls `completed` that left nodes out did not do all it was asked: `partly` when it made a result
 * (its picture), `nothing_saved` when none reached a Save node (a run of Blur with its input unconnected); a
 * running run whose worker stopped is `waiting` for another. The run's own status stays the server's. */
export type RunOutcome = RunStatus | "partly" | "nothing_saved" | "waiting";

/** `run`'s outcome (RunOutcome). No picture means no Save node saved one (a saved file is what pictures a run
 * first), nor any other node made one. */
export function runOutcome(run: Pick<RunListItem, "status" | "not_run" | "thumbnail_url" | "worker_lost_at">):
  RunOutcome {
  if (run.status === "running" && run.worker_lost_at) return "waiting";
  if (run.status !== "completed" || run.not_run === 0) return run.status;
  return run.thumbnail_url ? "partly" : "nothing_saved";
}

export const OUTCOME_LABELS: Record<RunOutcome, string> = {
  queued: "Queued", running: "Running", completed: "Completed", failed: "Failed", cancelled: "Cancelled",
  partly: "Partly run", nothing_saved: "Nothing saved", waiting: "Waiting for a worker",
};

// A run that left nodes out is not all done: its status is in the tone of its "not run" tag, not green.
const PARTLY = "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300";

export const OUTCOME_TONES: Record<RunOutcome, string> = {
  queued: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  running: "bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
  waiting: "bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
  completed: "bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  partly: PARTLY,
  nothing_saved: PARTLY,
  failed: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300",
  cancelled: "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
};

/** What an outcome the server's status does not name says on hover. */
export const OUTCOME_WORDS: Partial<Record<RunOutcome, string>> = {
  partly: "The run ended having run only part of the graph: the nodes that had a problem, and those after them, "
    + "did not run",
  nothing_saved: "The run ended without saving a file: no Save node ran. Connect what the nodes that did not run "
    + "are missing, then run again",
};
