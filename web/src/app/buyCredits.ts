// Buying credits (accounts mode, where the studio sells them: GET /credits says `for_sale`): POST /credits/checkout
// answers Stripe's page and the browser goes there; Stripe sends it back to the studio with ?checkout=success or
// ?checkout=cancelled (app/CheckoutReturn.tsx), and the page the purchase started from is opened again.

import { create } from "zustand";
import { getCredits, startCheckout } from "../api/credits";

/** The fewest credits one purchase buys (karate/services/billing.py MIN_CREDITS). */
export const MIN_PURCHASE = 100;
/** The most (MAX_CREDITS there). */
export const MAX_PURCHASE = 1_000_000;

/** Whether credits can be bought here; null until a GET /credits has said. */
export const useCreditsForSale = create<{ forSale: boolean | null }>()(() => ({ forSale: null }));

let asking: Promise<void> | null = null;

/** Ask GET /credits once per page load whether credits are for sale (an answer met elsewhere is kept too). */
export function loadForSale(): Promise<void> {
  if (useCreditsForSale.getState().forSale !== null) return Promise.resolve();
  asking ??= getCredits(1).then((answer) => useCreditsForSale.setState({ forSale: answer.for_sale }),
    () => undefined).finally(() => { asking = null; });
  return asking;
}

/** The amount a purchase form starts with: the shortfall it is to cover, at least the smallest purchase. */
export function purchaseFor(shortfall: number): number {
  return Math.min(MAX_PURCHASE, Math.max(MIN_PURCHASE, Math.ceil(shortfall)));
}

/** What is wrong with an amount typed into the form, in words; null when it can be bought. */
export function purchaseProblem(credits: number): string | null {
  if (!Number.isInteger(credits)) return "Enter a whole number of credits.";
  if (credits < MIN_PURCHASE) return `Buy at least ${MIN_PURCHASE} credits at a time.`;
  if (credits > MAX_PURCHASE) return `Buy at most ${MAX_PURCHASE.toLocaleString("en-US")} credits at a time.`;
  return null;
}

const RETURN_KEY = "karate.checkoutFrom";

/** Start the purchase and send the browser to Stripe; `from` (path and query) is opened again on return. */
export async function buyCredits(credits: number, from: string): Promise<void> {
  const checkout = await startCheckout(credits);
  try {
    sessionStorage.setItem(RETURN_KEY, from);
  } catch {
    // storage refused (private mode): the buyer comes back to the studio's first page instead
  }
  window.location.assign(checkout.url);
}

/** The page a purchase started from (once: it is forgotten as it is read); null when none is remembered. */
export function takeCheckoutOrigin(): string | null {
  try {
    const from = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return from && from.startsWith("/") && !from.startsWith("//") ? from : null;
  } catch {
    return null;
  }
}

/** The search string without its `checkout` parameter ("" or "?a=b"). */
export function withoutCheckout(search: string): string {
  const params = new URLSearchParams(search);
  params.delete("checkout");
  const rest = params.toString();
  return rest ? `?${rest}` : "";
}
