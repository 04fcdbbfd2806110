// A model node's price for the next run, read from the one shared estimate (hooks/useRunPrice.ts): each node
// selects only its own plan and credits, so a new estimate redraws only the nodes whose price changed.

import { useRunPrice } from "../hooks/useRunPrice";
import { nodePrice, type ShownPrice } from "./nodePrice";

const TONES: Record<ShownPrice["plan"], string> = {
  cached: "bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  run: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  list: "",
};

export function NodePrice({ nodeId, listPrice }: { nodeId: string; listPrice: number | undefined }) {
  const plan = useRunPrice((s) => s.byNode.get(nodeId)?.plan);
  const credits = useRunPrice((s) => s.byNode.get(nodeId)?.credits);
  const charged = useRunPrice((s) => s.estimate?.charged ?? false);
  const shown = nodePrice(plan, credits, charged, listPrice);
  if (!shown) return null;
  return (
    <span data-testid="model-credits" data-plan={shown.plan} title={shown.title}
      className={`shrink-0 whitespace-nowrap rounded px-1 tabular-nums ${TONES[shown.plan]}`}>
      {shown.text}
    </span>
  );
}
