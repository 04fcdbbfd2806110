// A model node names what the next run would cost it, from the one shared estimate: its credits, "next run: free
// (cached)" when its result is reused, and the model's list price while there is no estimate (or it cannot run yet).
import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { RunEstimate } from "../../api/credits";
import { setRunEstimate } from "../hooks/useRunPrice";
import { NodePrice } from "./NodePrice";
import { nodePrice } from "./nodePrice";

const estimate = (charged: boolean, nodes: RunEstimate["nodes"]): RunEstimate => ({
  nodes, total: nodes.reduce((sum, n) => sum + n.credits, 0), charged, balance: charged ? 100 : null, shortfall: 0,
});

afterEach(() => setRunEstimate(null));

describe("a model node's price", () => {
  it("follows the estimate: what it would charge, then free once cached", () => {
    render(<NodePrice nodeId="flux-1" listPrice={6} />);
    const price = screen.getByTestId("model-credits");
    expect(price).toHaveTextContent("6 credits");
    expect(price).toHaveAttribute("data-plan", "list");
    act(() => setRunEstimate(estimate(true, [{ node_id: "flux-1", type: "model.flux", plan: "run", credits: 12 }])));
    expect(price).toHaveTextContent("12 credits");
    expect(price).toHaveAttribute("title", "Running now charges 12 credits for this node");
    act(() => setRunEstimate(estimate(true, [{ node_id: "flux-1", type: "model.flux", plan: "cached", credits: 0 }])));
    expect(price).toHaveTextContent("next run: free (cached)");
    expect(price).toHaveAttribute("data-plan", "cached");
  });

  it("reads its own row only, and shows the list price when blocked", () => {
    render(<NodePrice nodeId="flux-2" listPrice={6} />);
    act(() => setRunEstimate(estimate(true, [
      { node_id: "flux-1", type: "model.flux", plan: "run", credits: 12 },
      { node_id: "flux-2", type: "model.flux", plan: "blocked", credits: 0 },
    ])));
    expect(screen.getByTestId("model-credits")).toHaveTextContent("6 credits");
  });

  it("says in local mode that nothing is charged here", () => {
    expect(nodePrice("run", 6, false, 6)?.title)
      .toBe("Running it costs 6 credits where runs are charged; this studio charges nothing");
    expect(nodePrice("cached", 0, false, 6)?.text).toBe("next run: free (cached)");
    expect(nodePrice(undefined, undefined, false, undefined)).toBeNull();
    expect(nodePrice("run", 0, true, undefined)?.text).toBe("free");
    expect(nodePrice("unavailable", 0, true, 6)).toMatchObject({ plan: "list", text: "6 credits" });
  });
});
