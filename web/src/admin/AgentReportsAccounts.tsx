// The admin page's reports of the agents that read accounts (accounts mode): the hourly fraud check's flagged
// accounts with their reasons, and the daily marketing digest's count of people away a week and emails sent.

import { plural } from "../words";

type Flagged = { user_id: string; email: string; signals: string[]; reasons: string[]; recorded: boolean };
/** What the fraud check reports: the accounts flagged (up to the server's cap) and how many more it left out. */
export type FraudResult = {
  window: { from: string; to: string }; flagged: Flagged[]; more: number; alert: string | null;
};
/** What the marketing digest reports: the people away a week, how many of them turned these emails off (absent from
 * reports made before people could), and the emails of tips queued for the others. */
export type DigestResult = {
  away: number; opted_out?: number; queued: number; mailed_before: number; later: number; mail_off: string | null;
};

/** Accounts shown at most; the rest are counted. */
const SHOWN = 10;

/** "the hour to 14:00": the hour the check read (it ends at the hour the check was queued for, not when it ran). */
function hourRead(window: FraudResult["window"]): string {
  const end = new Date(window.to);
  if (Number.isNaN(end.getTime())) return "the hour it read";
  return `the hour to ${end.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
}

export function FraudReport({ result }: { result: FraudResult }) {
  const { flagged, more } = result;
  if (flagged.length === 0) {
    return <p className="text-sm" data-testid="agent-fraud">No account showed a sign of abuse in {hourRead(result.window)}.</p>;
  }
  const hidden = Math.max(0, flagged.length - SHOWN) + more;
  return (
    <div className="text-sm" data-testid="agent-fraud">
      <p>{plural(flagged.length + more, "account")} flagged in {hourRead(result.window)}; nothing was suspended:</p>
      <ul className="mt-1 list-disc pl-5 text-red-600 dark:text-red-400">
        {flagged.slice(0, SHOWN).map((account) => (
          <li key={account.user_id}><span className="font-medium">{account.email}</span>: {account.reasons.join("; ")}</li>
        ))}
      </ul>
      {hidden > 0 && <p className="mt-1 text-zinc-500">and {hidden} more (in the audit log)</p>}
    </div>
  );
}

export function MarketingReport({ result }: { result: DigestResult }) {
  const { away, opted_out: declined = 0, queued, mailed_before: before, later, mail_off: off } = result;
  return (
    <div className="text-sm" data-testid="agent-marketing">
      <p>{plural(away, "account")} away for a week
        {declined > 0 ? ` · ${declined} turned these emails off` : ""} · {plural(queued, "email")} of tips queued to send
        {before > 0 ? ` · ${before} mailed earlier this time away` : ""}
        {later > 0 ? ` · ${later} left for tomorrow` : ""}</p>
      {off && <p className="mt-1 text-red-600 dark:text-red-400">{off}</p>}
    </div>
  );
}
