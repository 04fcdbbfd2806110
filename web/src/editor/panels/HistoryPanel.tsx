// The open project's run history, newest first: status, start, duration, nodes (how many finished, of a run that
// stopped early), credits and a picture of each run's result; why a failed run failed; "Partly run · 3 not run" on a
// completed run that left nodes out (they had a problem, the rest ran; "Nothing saved" when no Save node ran), and a
// "Resumed" tag on a run another worker took over after its own stopped (a run that stalled).
// Picking a run shows its results on the canvas and in the Results panel.

import { plural } from "../../words";
import { useEffect, useState } from "react";
import { couldNot } from "../../api/client";
import { listRuns, type RunListItem, type RunPage } from "../../api/runs";
import { showRecordedRun } from "../history";
import { versionLabel } from "../versions/diffWords";
import { useEditor } from "../store/editorStore";
import { runFailureText } from "../store/runSlice";
import { runUnderWay } from "../types";
import { OUTCOME_LABELS, OUTCOME_TONES, OUTCOME_WORDS, runOutcome } from "./HistoryOutcome";
import { durationWords, startedWords } from "./runTimes";
import { SidePanel } from "./SidePanel";

const PAGE = 50;

// A tag beside a run's status, for something about the run worth a look.
const TAG = "whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-[10px] font-medium text-amber-800 "
  + "dark:bg-amber-950 dark:text-amber-300";

/** What the "Resumed" tag says on hover: that the run's worker stopped, and what became of the run. */
function resumedWords(run: Pick<RunListItem, "resumes" | "status">): string {
  const stopped = run.resumes === 1 ? "Its worker stopped" : `Its worker stopped ${run.resumes} times`;
  const after = run.status === "queued" || run.status === "running" ? "took it over" : "finished it";
  return `${stopped}; another worker ${after}, reusing finished nodes`;
}

/** What the "not run" tag says on hover: how many of the run's nodes did not run, why, and where to see which. */
function notRunWords(run: Pick<RunListItem, "nodes" | "not_run">): string {
  const why = run.not_run === 1 ? "it, or a node it needs, has a problem" : "they, or nodes they need, have a problem";
  const of = `${run.not_run} of ${run.nodes} node${run.nodes === 1 ? "" : "s"}`;
  return `${of} did not run: ${why}, such as a missing input. Pick this run to see which on the canvas.`;
}


/** How many nodes a run has: of a run that stopped early (cancelled, or failed), how many of them finished, e.g.
 * "113 of 201 nodes done"; null for a run of none yet. */
function nodeWords(run: Pick<RunListItem, "status" | "nodes" | "completed">): string | null {
  if (run.nodes === 0) return null;
  const stopped = run.status === "cancelled" || run.status === "failed";
  return stopped ? `${run.completed} of ${plural(run.nodes, "node")} done` : plural(run.nodes, "node");
}

/** The line under a run's status: how long it took, how many nodes it has (nodeWords), the credits it spent, and
 * whether it ran one node and the nodes it needs (the node menu's "Run this node"), e.g. "2.1 s · 12 nodes ·
 * 3 credits". */
function runFacts(run: Pick<RunListItem, "status" | "nodes" | "completed" | "credits" | "targets">,
  duration: string | null): string {
  return [duration ?? (run.status === "queued" || run.status === "running" ? "under way" : null),
    nodeWords(run),
    run.credits > 0 ? plural(run.credits, "credit") : null,
    run.targets && run.targets.length ? "one node and its inputs" : null].filter(Boolean).join(" · ");
}

function RunRow({ run, shown, disabled, latest }: { run: RunListItem; shown: boolean; disabled: boolean;
  latest: boolean }) {
  const started = run.started_at ?? run.created_at;
  const duration = durationWords(run.started_at, run.finished_at);
  const outcome = runOutcome(run);
  const pick = () => {
    showRecordedRun(run.id, latest).catch((error: unknown) => useEditor.getState().notify(
      couldNot("This run could not be shown", error), "error"));
  };
  return (
    <li>
      <button type="button" data-testid="history-item" data-run-id={run.id} data-status={run.status}
        aria-current={shown ? "true" : undefined} disabled={disabled} onClick={pick}
        title={disabled ? "Wait for the current run to end" : "Show this run's results on the canvas"}
        className={`flex w-full items-center gap-3 rounded-lg border p-2 text-left transition-colors
          disabled:cursor-not-allowed disabled:opacity-50 ${shown
          ? "border-accent bg-indigo-50/60 dark:bg-indigo-950/40"
          : "border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}>
        {run.thumbnail_url
          ? <img data-testid="history-thumbnail" src={run.thumbnail_url} alt="" loading="lazy"
            className="h-12 w-12 shrink-0 rounded-md bg-zinc-100 object-cover dark:bg-zinc-800" />
          : <span className="h-12 w-12 shrink-0 rounded-md bg-zinc-100 dark:bg-zinc-800" />}
        <span className="flex min-w-0 flex-col gap-0.5">
          <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
            <span data-testid="history-status" data-outcome={outcome} title={OUTCOME_WORDS[outcome]}
              className={`whitespace-nowrap rounded-full px-2 py-0.5 text-[10px] font-medium
                ${OUTCOME_TONES[outcome]}`}>
              {OUTCOME_LABELS[outcome]}
            </span>
            {(outcome === "partly" || outcome === "nothing_saved") && (
              <span data-testid="history-not-run" title={notRunWords(run)} className={TAG}>
                {run.not_run} not run</span>)}
            {run.resumes > 0 && (
              <span data-testid="history-resumed" title={resumedWords(run)} className={TAG}>Resumed</span>)}
            {started && <time dateTime={started} className="whitespace-nowrap text-xs font-medium">{startedWords(started)}</time>}
          </span>
          <span data-testid="history-facts" className="text-[11px] text-zinc-500">
            {runFacts(run, duration)}
          </span>
          {run.status === "failed" && run.error && (
            <span data-testid="history-error" className="line-clamp-2 text-[11px] text-red-600 dark:text-red-400">
              {runFailureText(run.error)}</span>)}
          {run.version && <span data-testid="history-version" className="truncate text-[11px] text-zinc-500">
            {versionLabel(run.version)}</span>}
        </span>
      </button>
    </li>
  );
}

type Listing = { status: "loading" } | { status: "ready"; page: RunPage } | { status: "error"; message: string };

function RunList({ workflowId }: { workflowId: string }) {
  const shownId = useEditor((s) => s.runId);
  const phase = useEditor((s) => s.runPhase);
  const busy = runUnderWay(phase);
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {  // read again whenever a run starts or ends, so the list stays current
    let live = true;
    listRuns(workflowId, PAGE).then(
      (page) => { if (live) setListing({ status: "ready", page }); },
      (error: unknown) => {
        if (live) setListing({ status: "error", message: error instanceof Error ? error.message : String(error) });
      });
    return () => { live = false; };
  }, [workflowId, shownId, busy, attempt]);

  if (listing.status === "loading") return <p className="text-sm text-zinc-500">Loading the runs…</p>;
  if (listing.status === "error") {
    return (
      <div role="alert" className="text-sm">
        <p className="text-red-600 dark:text-red-400">The history could not be loaded: {listing.message}</p>
        <button type="button" className="btn mt-2" onClick={() => setAttempt((n) => n + 1)}>Try again</button>
      </div>
    );
  }
  const { items, total } = listing.page;
  if (items.length === 0) {
    return <p className="text-sm text-zinc-500">No runs yet. Press Run: every run of this project is kept here.</p>;
  }
  return (
    <>
      <ul className="flex flex-col gap-1">
        {items.map((run, index) => (
          <RunRow key={run.id} run={run} shown={run.id === shownId} disabled={busy && run.id !== shownId}
            latest={index === 0 && listing.page.offset === 0} />
        ))}
      </ul>
      {total > items.length && (
        <p className="mt-3 text-xs text-zinc-500">The latest {items.length} of {total} runs.</p>
      )}
    </>
  );
}

export function HistoryPanel() {
  const open = useEditor((s) => s.historyOpen);
  const workflowId = useEditor((s) => s.workflow?.id);
  if (!open || !workflowId) return null;
  return (
    <SidePanel title="History" label="Run history" testId="history"
      onClose={() => useEditor.getState().toggleHistory(false)}>
      <RunList workflowId={workflowId} />
    </SidePanel>
  );
}
