// The admin page's reports of the agents that read accounts (accounts mode): the hourly fraud check's flagged
// accounts with their reasons, and the daily marketing digest's count of people away a week and emails sent.

import type { AgentJob } from "../api/agentJobs";

type Flagged = { user_id: string; email: string; signals: string[]; reasons: string[]; recorded: boolean };
type FraudResult = { window: { from: string; to: string }; flagged: Flagged[]; more: number; alert: string | null };
type DigestResult = { away: number; queued: number; mailed_before: number; later: number; mail_off: string | null };

/** Accounts shown at most; the rest are counted. */
const SHOWN = 10;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function FraudReport({ job }: { job: AgentJob }) {
  const result = job.result as FraudResult | null;
  if (!result) return <p className="text-sm text-zinc-500">{job.error ?? "Not run yet."}</p>;
  const { flagged, more } = result;
  if (flagged.length === 0) {
    return <p className="text-sm" data-testid="agent-fraud">No account showed a sign of abuse in the hour before it ran.</p>;
  }
  const hidden = flagged.length - SHOWN + more;
  return (
    <div className="text-sm" data-testid="agent-fraud">
      <p>{plural(flagged.length + more, "account")} flagged in the hour before it ran; nothing was suspended:</p>
      <ul className="mt-1 list-disc pl-5 text-red-600 dark:text-red-400">
        {flagged.slice(0, SHOWN).map((account) => (
          <li key={account.user_id}><span className="font-medium">{account.email}</span>: {account.reasons.join("; ")}</li>
        ))}
      </ul>
      {hidden > 0 && <p className="mt-1 text-zinc-500">and {hidden} more (in the audit log)</p>}
    </div>
  );
}

export function MarketingReport({ job }: { job: AgentJob }) {
  const result = job.result as DigestResult | null;
  if (!result) return <p className="text-sm text-zinc-500">{job.error ?? "Not run yet."}</p>;
  const { away, queued, mailed_before: before, later, mail_off: off } = result;
  return (
    <div className="text-sm" data-testid="agent-marketing">
      <p>{plural(away, "account")} away for a week · {plural(queued, "email")} of tips queued to send
        {before > 0 ? ` · ${before} mailed earlier this time away` : ""}
        {later > 0 ? ` · ${later} left for tomorrow` : ""}</p>
      {off && <p className="mt-1 text-red-600 dark:text-red-400">{off}</p>}
    </div>
  );
}
