// The credit balance in the top bars (accounts mode), next to the account menu: "94 credits". It is the
// session's balance, which the account menu, the run estimate (after every edit and every run) and the account
// page keep up to date; clicking it opens the account page's credits. Nothing in local mode or signed out.

import { Link } from "react-router-dom";
import { creditsText } from "./credits";
import { isAccount, useSession } from "./session";

export function CreditBalance() {
  const credits = useSession((s) => (isAccount(s.state) ? s.state.me.credits : null));
  if (credits === null) return null;
  return (
    <Link to="/account#credits" data-testid="credit-balance" title="Your credits: what they bought and spent"
      className={`whitespace-nowrap rounded-md px-2 py-1 text-xs font-medium tabular-nums transition-colors
        hover:bg-zinc-200/70 dark:hover:bg-zinc-800 ${credits > 0 ? "text-zinc-600 dark:text-zinc-300"
        : "text-red-600 dark:text-red-400"}`}>
      {creditsText(credits)}
    </Link>
  );
}
