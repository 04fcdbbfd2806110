// What a model node says of its price: from the run estimate when there is one (what this run would cost it, or
// "next run: free (cached)" when its result is reused: worded as the next run's, so right after a charged run it
// does not read as if that run was free), else the model's list price.

import type { NodeEstimate } from "../../api/credits";
import { creditsText } from "../../app/credits";
import { creditLabel } from "../graph/providers";

export interface ShownPrice {
  text: string;
  title: string;
  /** What the price is: the estimate's for a node that runs or is cached, else the model's list price. */
  plan: "run" | "cached" | "list";
}

/**
 * `plan` and `credits` come from the estimate (undefined: none yet, or the node is not in it); `charged`: whether
 * this studio charges runs; `listPrice`: the model's own price. Null when there is nothing to show.
 */
export function nodePrice(plan: NodeEstimate["plan"] | undefined, credits: number | undefined,
  charged: boolean, listPrice: number | undefined): ShownPrice | null {
  if (plan === "cached") {
    return { plan, text: "next run: free (cached)",
      title: "Its result from an earlier run is reused: running again costs nothing for this node" };
  }
  if (plan === "run" && credits !== undefined) {
    return { plan, text: credits === 0 ? "free" : creditLabel(credits), title: charged
      ? `Running now charges ${creditsText(credits)} for this node`
      : `Running it costs ${creditsText(credits)} where runs are charged; this studio charges nothing` };
  }
  if (listPrice === undefined) return null;
  const text = creditLabel(listPrice);
  if (plan === "unavailable") {
    return { plan: "list", text, title: `No provider of this model is configured, so it would not run and costs nothing now; `
      + `where it runs it costs ${creditsText(listPrice)}` };
  }
  return { plan: "list", text, title: `What each run of this model costs: ${creditsText(listPrice)}` };
}
