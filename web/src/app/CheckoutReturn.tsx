// Coming back from Stripe (?checkout=success or ?checkout=cancelled on whichever page Stripe returns to): the page
// the purchase started from opens again, a notice says what happened, and after a payment the balance is read
// again until the credits have arrived (Stripe tells the studio by webhook, a moment after the buyer returns).

import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { takeCheckoutOrigin, withoutCheckout } from "./buyCredits";
import { loadSession } from "./session";

type Outcome = "success" | "cancelled";

const TEXT: Record<Outcome, string> = {
  success: "Payment received — your credits arrive in a moment.",
  cancelled: "Checkout cancelled: nothing was charged.",
};

/** When the balance is read again after a payment (ms after returning): the webhook may come a little later. */
const REFRESH_AFTER_MS = [0, 1500, 4000, 10000];

export function CheckoutReturn() {
  const location = useLocation();
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const returned = new URLSearchParams(location.search).get("checkout");

  useEffect(() => {
    if (returned !== "success" && returned !== "cancelled") return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the URL's one-time message, taken from it here
    setOutcome(returned);
    const back = takeCheckoutOrigin() ?? location.pathname + withoutCheckout(location.search);
    void navigate(back, { replace: true });
  }, [returned, location.pathname, location.search, navigate]);

  useEffect(() => {
    if (outcome !== "success") return;
    const timers = REFRESH_AFTER_MS.map((delay) => setTimeout(() => void loadSession(true), delay));
    return () => timers.forEach(clearTimeout);
  }, [outcome]);

  if (!outcome) return null;
  return (
    <div role="status" data-testid="checkout-notice" data-outcome={outcome}
      className={`animate-fade-in fixed bottom-6 left-1/2 z-50 flex -translate-x-1/2 items-center gap-3 rounded-lg
        px-4 py-2 text-sm shadow-lg ${outcome === "success" ? "bg-emerald-600 text-white"
        : "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"}`}>
      {TEXT[outcome]}
      <button type="button" className="rounded px-1.5 opacity-80 hover:opacity-100" aria-label="Dismiss"
        onClick={() => setOutcome(null)}>×</button>
    </div>
  );
}
