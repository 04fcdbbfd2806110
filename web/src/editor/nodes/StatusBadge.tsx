// A node's run status, in the server's vocabulary (NodeStatus): queued (pending), running (with its percent, when
// the node tells it, and the time it has taken), done or cached, failed, skipped, can't run (blocked by a
// problem), cancelled. Every status needs a label here. While the run is stalled (RunStall) a node under way says
// so instead of counting on: its state is unknown while the studio can't be reached, or it waits for a worker.
// A result whose node (or a node it needs) was edited since its run says "Changed": it is not what the graph makes
// now. A failure whose cause is gone since (a provider key set: runNoteWords keySetSince) still says "Failed", muted,
// with what to do as its hint: it is the last run's, not a problem to fix.

import { useEffect, useState } from "react";
import type { ChangedWhy } from "../changedSince";
import { isStalled, type RunStall } from "../store/runSlice";
import type { NodeRunState } from "../types";
import { formatElapsed } from "./elapsed";

/** What the badge shows: the status, or "cached" for a result taken from the cache. */
type Shown = NodeRunState["status"] | "cached";

const LABELS: Record<Shown, string> = {
  pending: "Queued", running: "Running", completed: "Done", cached: "Cached", failed: "Failed",
  skipped: "Skipped", blocked: "Can't run", cancelled: "Cancelled",
};

const TONES: Record<Shown, string> = {
  pending: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  running: "bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
  completed: "bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  cached: "bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  failed: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300",
  skipped: "bg-amber-100 text-amber-700 dark:bg-amber-950 dark:text-amber-300",
  blocked: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300",
  cancelled: "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
};

/** What a node under way (queued or running) shows instead of its status while the run is stalled. */
const STALLED: Record<Exclude<RunStall, "none">, { label: string; hint: string }> = {
  "unreachable": {
    label: "Unknown",
    hint: "The studio can't be reached, so what this node is doing is unknown. Your changes are kept; its state is "
      + "read again as soon as the studio is back.",
  },
  "waiting-for-worker": {
    label: "Waiting for a worker",
    hint: "The worker running this stopped. Another worker takes it over as soon as one is free, and finished nodes "
      + "are reused: nothing to do, unless no worker is running — then start one (karate worker).",
  },
};

const STALLED_TONE = "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300";

/** What "Changed" says to do, by why (changedSince.ts ChangedWhy): a run cannot remake a result after its node, or one
 * it needs, became of a type this studio does not know, so the hint names what can. */
const CHANGED_HINTS: Record<ChangedWhy, string> = {
  "edited": "Changed since this result was made (this node, or a node it needs): run again to update it",
  "unknown-type": "Changed since its result was made, to a type this studio doesn't know, so running can't remake "
    + "it: redo the replace, or replace its type with a known one and run again",
  "unknown-above": "Changed since this result was made: a node it needs is of a type this studio doesn't know, so "
    + "running can't remake it: redo the replace, or replace that node's type with a known one and run again",
};
/** Not a warning (nothing failed) nor a success: a result that is out of date. */
const CHANGED_TONE = "bg-violet-100 text-violet-700 dark:bg-violet-950 dark:text-violet-300";

/** `changed`: why the result says "Changed" (true: an edit), or false/null when it does not. `past`: what a failure
 * whose cause is gone since says to do (keySetText), or null when it stands. */
export function StatusBadge({ run, stall = "none", changed = false, past = null }: { run: NodeRunState;
  stall?: RunStall; changed?: ChangedWhy | boolean | null; past?: string | null }) {
  const shown: Shown = run.status === "completed" && run.cached ? "cached" : run.status;
  if (past && (run.status === "failed" || run.status === "blocked")) {
    return (
      <span data-testid="node-status" data-status={shown} data-past="true" title={past}
        className={`shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-[10px] font-medium ${TONES.cancelled}`}>
        {LABELS[shown]}
      </span>
    );
  }
  if (changed && run.status === "completed") {
    return (
      <span data-testid="node-status" data-status={shown} data-changed="true"
        title={CHANGED_HINTS[changed === true ? "edited" : changed]}
        className={`shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-[10px] font-medium ${CHANGED_TONE}`}>
        Changed
      </span>
    );
  }
  if (stall !== "none" && isStalled(run, stall)) {
    return (
      <span data-testid="node-status" data-status={shown} data-stall={stall} title={STALLED[stall].hint}
        className={`shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-[10px] font-medium ${STALLED_TONE}`}>
        {STALLED[stall].label}
      </span>
    );
  }
  return (
    <span data-testid="node-status" data-status={shown}
      className={`shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-[10px] font-medium tabular-nums
        ${TONES[shown]}`}>
      {LABELS[shown]}
      {run.status === "running" && typeof run.fraction === "number" && (
        // 100% only once it is done: a node that reported all its steps is still saving what it made
        <span data-testid="node-percent"> {Math.min(99, Math.round(run.fraction * 100))}%</span>
      )}
      {run.status === "running" && <> · <Elapsed since={run.startedAt} /></>}
    </span>
  );
}

/** Seconds since `since` (or since it was first shown), redrawn once a second: only this text re-renders. */
function Elapsed({ since }: { since?: number }) {
  const [shownAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="node-elapsed">{formatElapsed(now - (since ?? shownAt))}</span>;
}

export function ProgressBar({ run, stall = "none" }: { run: NodeRunState; stall?: RunStall }) {
  // the bar's room is kept when idle: a node that changes size makes React Flow measure it and redraw its edges
  if (run.status !== "running") return <div className="h-0.5 w-full" aria-hidden="true" />;
  // stalled, a bar that moves would say all is well: the known fraction stays, nothing pulses
  const known = typeof run.fraction === "number";
  if (isStalled(run, stall)) {
    return (
      <div className="h-0.5 w-full bg-amber-100 dark:bg-amber-950" aria-hidden="true" data-testid="progress-stalled">
        {known && <div className="h-full bg-amber-400" style={{ width: `${run.fraction! * 100}%` }} />}
      </div>
    );
  }
  return (
    <div className="h-0.5 w-full overflow-hidden bg-indigo-100 dark:bg-indigo-950" role="progressbar"
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={known ? Math.round(run.fraction! * 100) : undefined}>
      <div className={`h-full bg-accent transition-[width] duration-200 ${known ? "" : "w-1/3 animate-pulse"}`}
        style={known ? { width: `${run.fraction! * 100}%` } : undefined} />
    </div>
  );
}
