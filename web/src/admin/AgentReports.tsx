// The admin page's view of the scheduled agents: their latest reports (resources every 10 minutes, a daily review of
// edited workflows, and with accounts the hourly fraud check and the daily marketing digest: AgentReportsAccounts).
// The support agent's tickets are SupportTickets.

import { type ReactNode, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { type AgentJob, listAgentJobs } from "../api/agentJobs";
import { errorText } from "../auth/errorText";
import { Section } from "../auth/Section";
import { timeAgo } from "../dashboard/timeAgo";
import { plural } from "../words";
import { type DigestResult, FraudReport, type FraudResult, MarketingReport } from "./AgentReportsAccounts";

type Suggestion = { workflow_id: string; title: string; node_id: string | null; text: string };
type Resources = { runs: Record<string, number>; disk: { free_bytes: number; total_bytes: number }; alerts: string[] };
type Review = { reviewed: number; suggestions: Suggestion[] };
type ReportType = AgentJob["type"];

const GIB = 1024 ** 3;
/** The reports shown, each read by its own type: the many marketing emails never push one out of a page. */
const REPORTS: ReportType[] = ["resource_monitor", "workflow_review", "fraud_check", "marketing_digest"];

/** "no run ended in the last 10 minutes", or "1 of 4 runs that ended in the last 10 minutes failed". */
function endedText(failed: number, ended: number): string {
  if (ended === 0) return "no run ended in the last 10 minutes";
  return `${failed} of ${plural(ended, "run")} that ended in the last 10 minutes failed`;
}

function ResourceReport({ result }: { result: Resources }) {
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

function ReviewReport({ result }: { result: Review }) {
  return (
    <div className="text-sm" data-testid="agent-review">
      <p>{plural(result.reviewed, "workflow")} edited in the day before it ran;
        {" "}{result.suggestions.length === 0 ? "nothing to improve." : `${result.suggestions.length} suggestions:`}</p>
      <ul className="mt-1 list-disc pl-5">
        {result.suggestions.slice(0, 10).map((s, index) => (
          <li key={index}><Link className="text-accent hover:underline"
            to={`/editor?id=${encodeURIComponent(s.workflow_id)}`}>{s.title}</Link>: {s.text}</li>))}
      </ul>
    </div>
  );
}

/** One agent's latest report under its title and age. `children` draws the result, whose shape is the agent's;
 * without one the job's error (or "Not run yet.") shows, without any job `empty`, and `error` when its reports could
 * not be read. */
function Report<R>({ title, job, error, empty, children }: {
  title: string; job: AgentJob | undefined; error: string | undefined; empty: string;
  children: (result: R) => ReactNode;
}) {
  const muted = (text: string) => <p className="text-sm text-zinc-500">{text}</p>;
  return (
    <div>
      <h3 className="text-sm font-medium">{title} {job?.finished_at &&
        <span className="font-normal text-zinc-500">· {timeAgo(job.finished_at)}</span>}</h3>
      {error ? <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>
        : !job ? muted(empty)
        : job.result ? children(job.result as R)
        : muted(job.error ?? "Not run yet.")}
    </div>
  );
}

/** The latest finished job of each type, and why the reports of a type could not be read. */
type Latest = { jobs: Partial<Record<ReportType, AgentJob>>; errors: Partial<Record<ReportType, string>> };

const finished = (job: AgentJob) => job.status === "completed" || job.status === "failed";

function latestOf(pages: PromiseSettledResult<AgentJob[]>[]): Latest {
  const latest: Latest = { jobs: {}, errors: {} };
  REPORTS.forEach((type, index) => {
    const page = pages[index];
    if (page.status === "rejected") latest.errors[type] = `This report could not be read: ${errorText(page.reason)}`;
    else latest.jobs[type] = page.value.find((job) => job.type === type && finished(job));
  });
  return latest;
}

export function AgentReports() {
  const [latest, setLatest] = useState<Latest>({ jobs: {}, errors: {} });
  useEffect(() => {
    // each type on its own: one that cannot be read leaves the others shown
    void Promise.allSettled(REPORTS.map((type) => listAgentJobs(type, 5))).then((pages) => setLatest(latestOf(pages)));
  }, []);
  const { jobs, errors } = latest;
  return (
    <Section title="Agents" intro="The latest reports of the studio's scheduled agents.">
      <div className="flex flex-col gap-4">
        <Report title="Resources" job={jobs.resource_monitor} error={errors.resource_monitor} empty="No report yet.">
          {(result: Resources) => <ResourceReport result={result} />}</Report>
        <Report title="Workflow review" job={jobs.workflow_review} error={errors.workflow_review}
          empty="No report yet.">
          {(result: Review) => <ReviewReport result={result} />}</Report>
        <Report title="Fraud signals" job={jobs.fraud_check} error={errors.fraud_check}
          empty="No report yet: the check runs every hour on a studio with accounts.">
          {(result: FraudResult) => <FraudReport result={result} />}</Report>
        <Report title="Marketing emails" job={jobs.marketing_digest} error={errors.marketing_digest}
          empty={"No report yet: with KARATE_MARKETING_EMAILS, people away for a week get one email of tips "
            + "(checked daily)."}>
          {(result: DigestResult) => <MarketingReport result={result} />}</Report>
      </div>
    </Section>
  );
}
