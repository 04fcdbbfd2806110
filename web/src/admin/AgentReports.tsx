// The admin page's view of the scheduled agents: their latest reports (resources every 10 minutes, a daily review of
// edited workflows, and with accounts the hourly fraud check and the daily marketing digest: AgentReportsAccounts).
// The support agent's tickets are SupportTickets.

import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { type AgentJob, listAgentJobs } from "../api/agentJobs";
import { errorText } from "../auth/errorText";
import { Section } from "../auth/Section";
import { timeAgo } from "../dashboard/timeAgo";
import { FraudReport, MarketingReport } from "./AgentReportsAccounts";

type Suggestion = { workflow_id: string; title: string; node_id: string | null; text: string };
type Resources = { runs: Record<string, number>; disk: { free_bytes: number; total_bytes: number }; alerts: string[] };

const GIB = 1024 ** 3;
/** The reports shown, each read by its own type: the many marketing emails never push one out of a page. */
const REPORTS: AgentJob["type"][] = ["resource_monitor", "workflow_review", "fraud_check", "marketing_digest"];

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
  const [jobs, setJobs] = useState<AgentJob[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(REPORTS.map((type) => listAgentJobs(type, 5)))
      .then((pages) => setJobs(pages.flat()), (e: unknown) => setError(errorText(e)));
  }, []);
  const resources = jobs && latest(jobs, "resource_monitor");
  const review = jobs && latest(jobs, "workflow_review");
  const fraud = jobs && latest(jobs, "fraud_check");
  const marketing = jobs && latest(jobs, "marketing_digest");
  return (
    <>
      <Section title="Agents" intro="The latest reports of the studio's scheduled agents.">
        {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
        <h3 className="text-sm font-medium">Resources {resources?.finished_at &&
          <span className="font-normal text-zinc-500">· {timeAgo(resources.finished_at)}</span>}</h3>
        {resources ? <ResourceReport job={resources} /> : <p className="text-sm text-zinc-500">No report yet.</p>}
        <h3 className="mt-4 text-sm font-medium">Workflow review {review?.finished_at &&
          <span className="font-normal text-zinc-500">· {timeAgo(review.finished_at)}</span>}</h3>
        {review ? <ReviewReport job={review} /> : <p className="text-sm text-zinc-500">No report yet.</p>}
        <h3 className="mt-4 text-sm font-medium">Fraud signals {fraud?.finished_at &&
          <span className="font-normal text-zinc-500">· {timeAgo(fraud.finished_at)}</span>}</h3>
        {fraud ? <FraudReport job={fraud} />
          : <p className="text-sm text-zinc-500">No report yet: the check runs every hour on a studio with accounts.</p>}
        <h3 className="mt-4 text-sm font-medium">Marketing emails {marketing?.finished_at &&
          <span className="font-normal text-zinc-500">· {timeAgo(marketing.finished_at)}</span>}</h3>
        {marketing ? <MarketingReport job={marketing} /> : <p className="text-sm text-zinc-500">
          No report yet: with KARATE_MARKETING_EMAILS, people away for a week get one email of tips (checked daily).</p>}
      </Section>
    </>
  );
}
