// What a row of the credit ledger was for, as the account page says it: a model node's hold or refund names the
// node (its title in that run, and its model) and the project its run was of; other rows, and rows whose run is no
// longer kept, say their kind (or the admin's note).

import type { CreditEntry } from "../api/credits";
import { CREDIT_KIND_TEXT } from "../app/credits";

type SpentOn = NonNullable<CreditEntry["spent_on"]>;

/** The node as the row names it: "Hero image (Flux Pro 1.1 Ultra)", or the model's name alone when it is the title. */
export function nodeText(on: SpentOn): string {
  if (!on.node_title) return on.model ?? "A model node this studio no longer has";
  return on.model && on.model !== on.node_title ? `${on.node_title} (${on.model})` : on.node_title;
}

/** The row's first line: what happened to its credits, naming the node when the row is a model node's. */
export function entryText(entry: CreditEntry): string {
  const on = entry.spent_on;
  if (on && entry.kind === "hold") return `${nodeText(on)} ran`;
  if (on && entry.kind === "refund") return `Given back: ${nodeText(on)} failed or was cancelled`;
  return entry.note || CREDIT_KIND_TEXT[entry.kind];
}
