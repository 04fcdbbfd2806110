// The audit log of admin and agent actions, each in words.

import type { AuditEntry } from "../api/admin";
import { timeAgo } from "../dashboard/timeAgo";

/** Whom an action was done to: its email as recorded, or the email of the account id it names. */
function targetName(entry: AuditEntry, emailOf: ReadonlyMap<string, string>): string {
  if (typeof entry.data.email === "string") return entry.data.email;
  const target = entry.target;
  if (!target) return "";
  if (target.includes("@")) return target;  // some actions (a reset link) record the email itself
  return emailOf.get(target) ?? `account ${target.slice(0, 8)}`;
}

/** Who did it: the account's email, else the agent that acts on its own (the fraud check) or the command line. */
function actorName(entry: AuditEntry): string {
  if (entry.actor_email !== null) return entry.actor_email;
  return entry.action === "agent.account_flagged" ? "The fraud agent" : "The command line";
}

function describe(entry: AuditEntry, emailOf: ReadonlyMap<string, string>): string {
  const data = entry.data;
  const target = targetName(entry, emailOf);
  switch (entry.action) {
    case "credits.granted": {
      const amount = Number(data.amount);
      const verb = amount < 0 ? `took ${-amount} credits from` : `gave ${amount} credits to`;
      return `${verb} ${target}${typeof data.note === "string" && data.note ? ` (${data.note})` : ""}`;
    }
    case "user.role_changed":
      return `made ${target} ${String(data.to)} (was ${String(data.from)})`;
    case "user.created":
      return `created the account ${target}`;
    case "user.reset_link_made":
      return `made a password reset link for ${target}`;
    case "agent.support_ticket": {
      const question = typeof data.question === "string" ? ` “${data.question}”` : " a question";
      return data.status === "answered"
        ? `asked the support agent${question} (answered from ${data.answered_by === "llm" ? "the docs, by an LLM" : "the docs"})`
        : `asked the support agent${question}, which the docs do not answer (it waits for a person)`;
    }
    case "ticket.replied": {
      const question = typeof data.question === "string" ? `the support question “${data.question}”` : "a support question";
      return `answered ${question}${entry.target ? ` (ticket ${entry.target.slice(0, 8)})` : ""}`;
    }
    case "agent.account_flagged": {
      const reasons = Array.isArray(data.reasons) ? data.reasons.map(String).join("; ") : "signs of abuse";
      return `flagged ${target} (nothing was suspended): ${reasons}`;
    }
  }
}

/** `emailOf`: the accounts' emails by id, to name an action's target. */
export function AuditList({ entries, emailOf }: { entries: AuditEntry[]; emailOf: ReadonlyMap<string, string> }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No admin actions yet.</p>;
  return (
    <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="audit-log">
      {entries.map((entry) => (
        <li key={entry.id} className="flex justify-between gap-4 py-2">
          <span><span className="font-medium">{actorName(entry)}</span> {describe(entry, emailOf)}</span>
          <span className="shrink-0 text-xs text-zinc-500">{entry.created_at ? timeAgo(entry.created_at) : ""}</span>
        </li>
      ))}
    </ul>
  );
}
