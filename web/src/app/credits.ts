// Credits as the pages say them.

import type { CreditKind } from "../api/credits";

/** "1,250 credits", "1 credit". */
export function creditsText(credits: number): string {
  return `${credits.toLocaleString("en-US")} ${Math.abs(credits) === 1 ? "credit" : "credits"}`;
}

/** Why a row of the ledger changed the balance, in words. */
export const CREDIT_KIND_TEXT: Record<CreditKind, string> = {
  signup: "Starting credits",
  grant: "Given by an admin",
  adjust: "Taken back by an admin",
  purchase: "Bought",
  hold: "A model node ran",
  refund: "Given back: the node failed or was cancelled",
};
