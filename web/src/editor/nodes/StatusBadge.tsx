// A node's run status: queued, running (with progress), cached, done, failed, skipped.

import type { NodeRunState } from "../types";

const LABELS: Record<NodeRunState["status"], string> = {
  queued: "Queued", running: "Running", completed: "Done", cached: "Cached", failed: "Failed",
  skipped: "Skipped", cancelled: "Cancelled",
};

const TONES: Record<NodeRunState["status"], string> = {
  queued: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  running: "bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
  completed: "bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  cached: "bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  failed: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300",
  skipped: "bg-amber-100 text-amber-700 dark:bg-amber-950 dark:text-amber-300",
  cancelled: "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
};

export function StatusBadge({ run }: { run: NodeRunState }) {
  const percent = run.status === "running" && typeof run.fraction === "number"
    ? ` ${Math.round(run.fraction * 100)}%` : "";
  return (
    <span data-testid="node-status" data-status={run.status}
      className={`rounded-full px-2 py-0.5 text-[10px] font-medium ${TONES[run.status]}`}>
      {LABELS[run.status]}{percent}
    </span>
  );
}

export function ProgressBar({ run }: { run: NodeRunState }) {
  if (run.status !== "running") return null;
  const known = typeof run.fraction === "number";
  return (
    <div className="h-0.5 w-full overflow-hidden bg-indigo-100 dark:bg-indigo-950" role="progressbar"
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={known ? Math.round(run.fraction! * 100) : undefined}>
      <div className={`h-full bg-accent transition-[width] duration-200 ${known ? "" : "w-1/3 animate-pulse"}`}
        style={known ? { width: `${run.fraction! * 100}%` } : undefined} />
    </div>
  );
}
