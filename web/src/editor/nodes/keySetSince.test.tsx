// A model node whose last run failed for want of a provider key, opened again once an admin set a key and restarted
// the studio: it says that failure was its last run's, that a key is set now, and to run it again, muted and not
// drawn as failing, instead of "can't run yet" in red. Decided by the failure's code: another failure stays a problem.

import { act, render, screen, within } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { NodeRunRecord, RunRecord } from "../../api/runs";
import { NodesCanvas as Canvas } from "../../test/NodesCanvas";
import { MODEL_SPECS, SPECS, providersWith } from "../../test/specs";
import { showRun } from "../history";
import { SettingsPanel } from "../panels/SettingsPanel";
import { resetEditor, useEditor } from "../store/editorStore";

const store = () => useEditor.getState();

const NO_KEY = "Flux Pro 1.1 Ultra can't run yet: this studio has no key for Replicate or fal; ask the studio's team "
  + "(an admin sets REPLICATE_API_TOKEN or FAL_KEY)";

/** The project's latest run, recorded: its one model node failed with `error`. */
function failedRun(nodeId: string, error: { code: string; message: string }): RunRecord {
  const node: NodeRunRecord = { node_id: nodeId, type: "model.flux_pro_1_1_ultra", status: "failed", cached: false,
    outputs: {}, error, started_at: null, finished_at: null, duration_ms: null };
  return { id: "r1", workflow_id: "w1", version_id: null, version: null, status: "failed", error: null,
    targets: null, created_at: null, started_at: null, finished_at: null, worker_lost_at: null,
    events_url: "/api/v1/runs/r1/events", nodes: { [nodeId]: node } };
}

/** The project opened with that run on its canvas, the studio's providers as GET /providers now answers. */
async function opened(configured: string[], error = { code: "provider_not_configured", message: NO_KEY }) {
  store().setProviders(providersWith(...configured));
  const flux = store().addNode("model.flux_pro_1_1_ultra", { x: 0, y: 0 })!;
  // as a project opens: nothing selected (a selected node's border is the selection's, not its run's)
  useEditor.setState({ nodes: store().nodes.map((node) => ({ ...node, selected: false })) });
  act(() => showRun(failedRun(flux, error)));
  render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
  return { flux, node: await screen.findByTestId("studio-node") };
}

beforeEach(() => {
  resetEditor();
  store().setSpecs([...SPECS, ...MODEL_SPECS]);
});

describe("a model node that failed for want of a provider key", () => {
  it("says so as a problem while the studio still has no key", async () => {
    const { node } = await opened([]);
    const note = within(node).getByTestId("node-error");
    expect(note).toHaveTextContent(NO_KEY);
    expect(note).toHaveAttribute("role", "alert");
    expect(within(node).getByTestId("node-status")).toHaveTextContent("Failed");
    expect(within(node).getByTestId("node-status")).not.toHaveAttribute("data-past");
    expect(node.className).toMatch(/border-red-400/);
  });

  it("says, once a key is set, that its last run failed for want of one and to run it again, as past", async () => {
    const { node } = await opened(["fal"]);
    expect(within(node).getByTestId("model-provider")).toHaveTextContent("via fal");
    const note = within(node).getByTestId("node-error");
    expect(note).toHaveTextContent("Its last run failed: this studio had no key for its provider then. A key for fal "
      + "is set now: run it again.");
    expect(note).not.toHaveTextContent("can't run yet");
    expect(note).toHaveAttribute("data-tone", "muted");
    expect(note).not.toHaveAttribute("role", "alert");
    // its badge still tells the last run's status, muted, with what to do as its hint; the node is not drawn failing
    const badge = within(node).getByTestId("node-status");
    expect(badge).toHaveTextContent(/^Failed$/);
    expect(badge).toHaveAttribute("data-past", "true");
    expect(badge.className).not.toMatch(/red/);
    expect(badge.title).toMatch(/A key for fal is set now: run it again/);
    expect(node.className).not.toMatch(/border-red/);
  });

  it("says the same in its settings, under its last run's status", async () => {
    const { flux } = await opened(["fal"]);
    act(() => store().openSettings(flux));
    render(<SettingsPanel />);
    const panel = screen.getByTestId("settings-panel");
    expect(within(panel).getByTestId("settings-run-note"))
      .toHaveTextContent(/^Its last run failed: this studio had no key for its provider then/);
    expect(within(panel).queryByText(/can't run yet/)).toBeNull();
    const badge = within(panel).getByTestId("node-status");  // its last run's status, past as on the node
    expect(badge).toHaveAttribute("data-past", "true");
    expect(badge.className).not.toMatch(/red/);
  });

  it("keeps a failure of another kind a problem when a key is set", async () => {
    const { node } = await opened(["fal"], { code: "provider_error", message: "fal answered 500; try again later" });
    const note = within(node).getByTestId("node-error");
    expect(note).toHaveTextContent("fal answered 500; try again later");
    expect(note).toHaveAttribute("role", "alert");
    expect(node.className).toMatch(/border-red-400/);
  });
});
