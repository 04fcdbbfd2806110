// The account page's credits: the balance, what this month spent against the caps, buying more (where the studio
// sells them), and the ledger's newest rows, each model node's naming the node and the project it ran in (a link).
// The balance is the session's (read again after a purchase), and the ledger is read again when it changes.

import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { type CreditEntry, type CreditsOverview, getCredits } from "../api/credits";
import { BuyCreditsForm } from "../app/BuyCreditsForm";
import { useCreditsForSale } from "../app/buyCredits";
import { creditsText } from "../app/credits";
import { editorPath } from "../app/draft";
import { updateMe } from "../app/session";
import { timeAgo } from "../dashboard/timeAgo";
import { FormError } from "./AuthCard";
import { entryText } from "./creditEntryText";
import { errorText } from "./errorText";
import { Section } from "./Section";

/** Where a model node's row ran, under its first line: the project (a link; not one from the Trash), or none. */
function RanIn({ entry }: { entry: CreditEntry }) {
  if (!entry.spent_on) return null;
  const { project } = entry.spent_on;
  return (
    <span className="block text-xs text-zinc-500">
      {!project ? "Not in a saved project"
        : project.in_trash ? `In ${project.title} (in the Trash)`
          : <>In <Link to={editorPath(project.id)} className="text-accent hover:underline">{project.title}</Link></>}
    </span>
  );
}

export function CreditsSection({ balance }: { balance: number }) {
  const [overview, setOverview] = useState<CreditsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { hash } = useLocation();
  const asked = hash === "#buy-credits";  // the account menu's "Buy credits"

  useEffect(() => {
    let live = true;
    getCredits().then((answer) => {
      if (!live) return;
      setOverview(answer);
      useCreditsForSale.setState({ forSale: answer.for_sale });
      updateMe({ credits: answer.balance });
    }, (e: unknown) => { if (live) setError(errorText(e)); });
    return () => { live = false; };
  }, [balance]);

  const { limits } = overview ?? { limits: null };
  return (
    <Section id="credits" title="Credits" intro="Model nodes spend credits when they run; tools are free.">
      <p className="text-2xl font-semibold" data-testid="credits-balance">{creditsText(balance)}</p>
      {overview && (
        <p className="mt-1 text-sm text-zinc-500">
          {creditsText(overview.spent_this_month)} spent this month
          {limits?.monthly != null && ` of your monthly ${creditsText(limits.monthly)}`}
          {limits?.run != null && ` · at most ${creditsText(limits.run)} a run`}
        </p>
      )}
      {overview?.for_sale && (
        <div id="buy-credits" className="mt-4">
          <BuyCreditsForm focus={asked} />
        </div>
      )}
      <FormError message={error} />
      {overview && overview.history.items.length > 0 && (
        <table className="mt-4 w-full text-sm" data-testid="credit-history">
          <thead>
            <tr className="text-left text-xs text-zinc-500">
              <th className="py-1 font-medium">When</th>
              <th className="py-1 font-medium">What</th>
              <th className="py-1 text-right font-medium">Credits</th>
              <th className="py-1 text-right font-medium">Balance</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {overview.history.items.map((entry) => (
              <tr key={entry.id}>
                <td className="py-1.5 text-zinc-500">{timeAgo(entry.created_at)}</td>
                <td className="py-1.5 break-words">{entryText(entry)}<RanIn entry={entry} /></td>
                <td className={`py-1.5 text-right tabular-nums ${entry.amount < 0 ? "" : "text-emerald-600"}`}>
                  {entry.amount > 0 ? `+${entry.amount}` : entry.amount}
                </td>
                <td className="py-1.5 text-right tabular-nums text-zinc-500">{entry.balance_after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
