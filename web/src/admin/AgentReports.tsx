// The admin page's view of the agents: the questions people asked the support agent (every account's) and the
// latest reports of the scheduled agents (resources every 10 minutes, a daily review of edited workflows).

import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { type AgentJob, listAgentJobs } from "../api/agentJobs";
import { listSupportTickets, type SupportTicket } from "../api/support";
import { errorText } from "../auth/errorText";
import { Section } from "../auth/Section";
import { timeAgo } from "../dashboard/timeAgo";

type Suggestion = { workflow_id: string; title: string; node_id: string | null; text: string };
type Resources = { runs: Record<string, number>; disk: { free_bytes: number; total_bytes: number }; alerts: string[] };

const GIB = 1024 ** 3;

/** "no run ended in the last 10 minutes", or "1 of 4 runs that ended in the last 10 minutes failed". */
function endedText(failed: number, ended: number): string {
  if (ended === 0) return "no run ended in the last 10 minutes";
  return `${failed} of ${ended} run${ended === 1 ? "" : "s"} that ended in the last 10 minutes failed`;
}

function ResourceReport({ job }: { job: AgentJob }) {
  const result = job.result as Resources | null;
  if (!result) return <p className="text-sm text-zinc-500">{job.error ?? "Not run yet."}</p>;
  const { runs, disk, alerts } = result;
  return (
    <div className="text-sm" data-testid="agent-resources">
      <p>{runs.running} running · {runs.queued} waiting · {endedText(runs.failed_last_10_min, runs.ended_last_10_min)}
        {" "}· disk {(disk.free_bytes / GIB).toFixed(1)} of {(disk.total_bytes / GIB).toFixed(0)} GiB free</p>
      {alerts.length > 0 && <ul className="mt-1 list-disc pl-5 text-red-600 dark:text-red-400">
        {alerts.map((alert) => <li key={alert}>{alert}</li>)}</ul>}
    </div>
  );
}

function ReviewReport({ job }: { job: AgentJob }) {
  const result = job.result as { reviewed: number; suggestions: Suggestion[] } | null;
  if (!result) return <p className="text-sm text-zinc-500">{job.error ?? "Not run yet."}</p>;
  return (
    <div className="text-sm" data-testid="agent-review">
      <p>{result.reviewed} workflow{result.reviewed === 1 ? "" : "s"} edited in the day before it ran;
        {" "}{result.suggestions.length === 0 ? "nothing to improve." : `${result.suggestions.length} suggestions:`}</p>
      <ul className="mt-1 list-disc pl-5">
        {result.suggestions.slice(0, 10).map((s, index) => (
          <li key={index}><Link className="text-accent hover:underline"
            to={`/editor?id=${encodeURIComponent(s.workflow_id)}`}>{s.title}</Link>: {s.text}</li>))}
      </ul>
    </div>
  );
}

function latest(jobs: AgentJob[], type: AgentJob["type"]): AgentJob | undefined {
  return jobs.find((job) => job.type === type && (job.status === "completed" || job.status === "failed"));
}

export function AgentReports() {
  const [tickets, setTickets] = useState<SupportTicket[] | null>(null);
  const [jobs, setJobs] = useState<AgentJob[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listSupportTickets(20, true).then(setTickets, (e: unknown) => setError(errorText(e)));
    listAgentJobs(undefined, 50).then(setJobs, (e: unknown) => setError(errorText(e)));
  }, []);
  const resources = jobs && latest(jobs, "resource_monitor");
  const review = jobs && latest(jobs, "workflow_review");
  return (
    <>
      <Section title="Support questions" intro="What people asked the support agent, newest first.">
        {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
        {tickets?.length === 0 && <p className="text-sm text-zinc-500">No questions yet.</p>}
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="admin-tickets">
          {tickets?.map((ticket) => (
            <li key={ticket.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:justify-between sm:gap-4">
              <span className="min-w-0 break-words">{ticket.ticket}</span>
              <span className="text-xs text-zinc-500 sm:shrink-0">
                {ticket.status === "open" ? "needs a person" : "answered from the docs"}
                {ticket.created_at ? ` · ${timeAgo(ticket.created_at)}` : ""}</span>
            </li>))}
        </ul>
      </Section>
      <Section title="Agents" intro="The latest reports of the studio's scheduled agents.">
        <h3 className="text-sm font-medium">Resources {resources?.finished_at &&
          <span className="font-normal text-zinc-500">· {timeAgo(resources.finished_at)}</span>}</h3>
        {resources ? <ResourceReport job={resources} /> : <p className="text-sm text-zinc-500">No report yet.</p>}
        <h3 className="mt-4 text-sm font-medium">Workflow review {review?.finished_at &&
          <span className="font-normal text-zinc-500">· {timeAgo(review.finished_at)}</span>}</h3>
        {review ? <ReviewReport job={review} /> : <p className="text-sm text-zinc-500">No report yet.</p>}
      </Section>
    </>
  );
}
