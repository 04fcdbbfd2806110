// "Buy credits": how many (at least 100), then Stripe's page. Shown where the studio sells credits: the account
// page, the account menu's link to it, and the Run button's warning when the balance falls short.

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useLocation } from "react-router-dom";
import { errorText } from "../auth/errorText";
import { MAX_PURCHASE, MIN_PURCHASE, buyCredits, purchaseFor, purchaseProblem } from "./buyCredits";

interface BuyCreditsFormProps {
  /** Credits the balance lacks for what the user wants to do: the amount starts there (at least 100). */
  shortfall?: number;
  /** Focus the amount as it appears (the form was asked for: the account menu's "Buy credits"). */
  focus?: boolean;
}

export function BuyCreditsForm({ shortfall = 0, focus = false }: BuyCreditsFormProps) {
  const location = useLocation();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) input.current?.focus();
  }, [focus]);
  const [amount, setAmount] = useState(String(purchaseFor(shortfall || 500)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const credits = Number(amount);
    const problem = purchaseProblem(credits);
    setError(problem);
    if (problem) return;
    setBusy(true);
    buyCredits(credits, location.pathname + location.search).catch((e: unknown) => {
      setError(errorText(e));
      setBusy(false);
    });
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2" data-testid="buy-credits">
      <div className="flex items-end gap-2">
        <label htmlFor={id} className="flex flex-col gap-1 text-sm">
          Credits to buy
          <input id={id} ref={input} type="number" min={MIN_PURCHASE} max={MAX_PURCHASE} step={1} value={amount}
            onChange={(e) => setAmount(e.target.value)} required
            className="w-32 rounded-md border border-zinc-200 bg-white px-2 py-1.5 text-sm outline-none
              focus:border-accent dark:border-zinc-700 dark:bg-zinc-950" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Opening checkout…" : "Buy credits"}
        </button>
      </div>
      <p className="text-xs text-zinc-500">At least {MIN_PURCHASE} credits; you pay on Stripe's page and come back here.</p>
      {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
    </form>
  );
}
