// The next run's price is asked once per pause in editing (not once per node or per keystroke), in accounts mode
// and in local mode (the nodes' prices as information: nothing is charged, no balance), never signed out (a public
// project's visitor cannot run).
import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSession } from "../../app/session";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { useRunPricing, useRunPrice } from "./useRunPrice";

const ME = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 100,
  analytics_opt_out: false, mode: "accounts", csrf_token: "csrf" } as const;
let estimates = 0;

function Pricing() {
  useRunPricing();
  return null;
}

beforeEach(() => {
  vi.useFakeTimers();
  estimates = 0;
  resetEditor();
  useEditor.getState().setSpecs(SPECS);
  useEditor.getState().setWorkflowMeta({ id: "w".repeat(32), title: "Fox", version: 1 });
  useSession.setState({ state: { status: "signed-in", me: { ...ME } } });
  vi.stubGlobal("fetch", vi.fn(() => {
    estimates += 1;
    return Promise.resolve(new Response(JSON.stringify({ nodes: [{ node_id: "blur-1", type: "tool.blur",
      plan: "run", credits: 0 }], total: 0, charged: true, balance: 100, shortfall: 0 })));
  }));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the run estimate", () => {
  it("is asked once after a burst of edits, and shared by every node", async () => {
    render(<Pricing />);
    act(() => {
      useEditor.getState().addNode("tool.blur", { x: 0, y: 0 });
      useEditor.getState().addNode("tool.blur", { x: 300, y: 0 });
      useEditor.getState().updateParams("blur-1", { radius: 3 });
    });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(estimates).toBe(1);
    expect(useRunPrice.getState().byNode.get("blur-1")?.plan).toBe("run");
  });

  it("is not asked signed out", async () => {
    useSession.setState({ state: { status: "signed-out", reason: null } });
    render(<Pricing />);
    act(() => { useEditor.getState().addNode("tool.blur", { x: 0, y: 0 }); });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(estimates).toBe(0);
  });

  it("is asked in local mode too, for the nodes' prices, and touches no balance", async () => {
    const owner = { ...ME, mode: "local", role: "owner", credits: 0, csrf_token: null } as const;
    useSession.setState({ state: { status: "signed-in", me: owner } });
    vi.stubGlobal("fetch", vi.fn(() => {
      estimates += 1;
      return Promise.resolve(new Response(JSON.stringify({ nodes: [{ node_id: "blur-1", type: "tool.blur",
        plan: "blocked", credits: 0 }], total: 0, charged: false, balance: null, shortfall: 0 })));
    }));
    render(<Pricing />);
    act(() => { useEditor.getState().addNode("tool.blur", { x: 0, y: 0 }); });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(estimates).toBe(1);
    expect(useRunPrice.getState().estimate?.charged).toBe(false);
    expect(useRunPrice.getState().byNode.get("blur-1")?.plan).toBe("blocked");
    expect(useSession.getState().state).toEqual({ status: "signed-in", me: owner });
  });
});
