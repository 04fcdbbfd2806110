// A run the server refuses as a whole tells the user, in one notice, what to fix on each node; a run that leaves
// nodes out says which, until the next run says its own or the problems are fixed.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { startRun, type NotRunnableNode } from "../api/runs";
import type { Problem } from "../api/types";
import { MODEL_SPECS, SPECS } from "../test/specs";
import { runGraph } from "./runner";
import { resetEditor, useEditor } from "./store/editorStore";

vi.mock("../api/runs", async (original) => ({ ...await original<typeof import("../api/runs")>(), startRun: vi.fn(),
  followRun: vi.fn(() => () => {}) }));
vi.mock("./workerWatch", () => ({ watchWorker: () => ({ saw: () => {}, stop: () => {} }) }));

const store = () => useEditor.getState();
/** The run `runId` ends, as its event stream tells the page. */
const ended = (runId: string) => store().applyRunEvent({ type: "run.completed", seq: 99, run_id: runId, ts: 1,
  cached: 0, executed: 1, blocked: 0 });
const needsImage = (title: string) => `Connect an image to ${title}'s Image input`;
const problem = (node_id: string, message: string): Problem =>
  ({ node_id, field: "image", code: "missing_input", message });

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("a run refused as a whole", () => {
  it("names up to three problems with the names the user gave their nodes, then how many more", async () => {
    for (const type of ["tool.blur", "tool.invert", "tool.adjust", "output.save"]) store().addNode(type, { x: 0, y: 0 });
    store().renameNode("blur-1", "Soften");
    // the server names a node in a missing connection's problem; one that does not (Soften's) gets the node's name
    const problems = [problem("blur-1", "Radius must be at most 200"), problem("invert-1", needsImage("Invert")),
      problem("adjust-1", needsImage("Adjust")), problem("save-1", needsImage("Save Image"))];
    vi.mocked(startRun).mockRejectedValueOnce(new ApiError(422, "the workflow is not valid", problems,
      "invalid_workflow"));

    await runGraph();

    expect(store().notice).toMatchObject({ tone: "error", message: "Can't run yet: Soften: Radius must be at most 200; "
      + `${needsImage("Invert")}; ${needsImage("Adjust")}; and 1 more.` });
    expect(store().nodeRuns["save-1"]).toMatchObject({ error: needsImage("Save Image") });
  });

  it("tells namesakes apart as the edges name them, and marks their nodes as can't run, not failed", async () => {
    store().addNode("tool.blur", { x: 400, y: 0 });
    store().addNode("tool.blur", { x: 0, y: 0 });
    vi.mocked(startRun).mockRejectedValueOnce(new ApiError(422, "the workflow is not valid",
      [problem("blur-1", needsImage("Blur"))], "invalid_workflow"));

    await runGraph();

    expect(store().notice?.message).toBe(`Can't run yet: Blur (1): ${needsImage("Blur")}.`);  // blur-1, added first
    expect(store().nodeRuns["blur-1"]).toMatchObject({ status: "blocked", error: needsImage("Blur") });
    expect(store().nodeRuns["blur-2"]).toBeUndefined();
  });
});

describe("a node of a type this studio does not know", () => {
  it("is said once in a designer's words, naming the node it may have meant, not the CLI's", async () => {
    store().loadDocument({ schema_version: 1, nodes: [{ id: "n1", type: "tool.invrt", params: {},
      position: { x: 0, y: 0 } }], edges: [] });
    const cli = "unknown node type 'tool.invrt' (did you mean tool.invert?); `karate nodes` lists the available types";
    vi.mocked(startRun).mockRejectedValueOnce(new ApiError(422, "the workflow is not valid",
      [{ node_id: "n1", field: "type", code: "unknown_type", message: cli }], "invalid_workflow"));

    await runGraph();

    const words = "This studio has no “tool.invrt” node: did you mean Invert?";
    expect(store().notice?.message).toBe(`Can't run yet: ${words}`);
    expect(store().nodeRuns.n1).toMatchObject({ status: "blocked", error: words, errorCode: "unknown_type" });
  });
});

describe("a run that leaves nodes out", () => {
  const accepted = (id: string, notRunnable: NotRunnableNode[] = []) =>
    ({ id, status: "queued" as const, url: "", events_url: "", not_runnable: notRunnable });
  const empty = "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty";

  beforeEach(() => {
    store().setSpecs([...SPECS, ...MODEL_SPECS]);
    store().addNode("input.prompt", { x: 0, y: 0 });
    store().addNode("model.flux_pro_1_1_ultra", { x: 300, y: 0 });
    store().addNode("output.save", { x: 600, y: 0 });
    store().connectPorts({ source: "prompt-1", sourceHandle: "text", target: "flux_pro_1_1_ultra-1",
      targetHandle: "prompt" });
    store().connectPorts({ source: "flux_pro_1_1_ultra-1", sourceHandle: "image", target: "save-1",
      targetHandle: "image" });
    vi.mocked(startRun).mockResolvedValueOnce(accepted("r1", [
      { node_id: "flux_pro_1_1_ultra-1", type: "model.flux_pro_1_1_ultra",
        problems: [{ node_id: "flux_pro_1_1_ultra-1", field: "prompt", code: "empty_input", message: empty }] },
      { node_id: "save-1", type: "output.save", problems: [{ node_id: "save-1", field: null,
        code: "upstream_invalid", message: `needs Flux Pro 1.1 Ultra (flux_pro_1_1_ultra-1), which can't run yet` }] },
    ]));
  });

  it("counts the node to fix, says what waits for it, and goes when the next run starts", async () => {
    await runGraph();
    expect(store().notice).toMatchObject({ tone: "error",
      message: `1 node can't run yet: ${empty}; Save Image waits for it.` });

    ended("r1");
    vi.mocked(startRun).mockResolvedValueOnce(accepted("r2"));
    await runGraph();
    expect(store().notice).toBeNull();
  });

  it("takes the notice and the model's problem back once the prompt is typed", async () => {
    await runGraph();
    store().updateParams("prompt-1", { text: "a red fox in the snow" });
    expect(store().nodeRuns["flux_pro_1_1_ultra-1"]).toBeUndefined();
    expect(store().notice).toBeNull();
  });
});

describe("a run started while one is under way", () => {
  it("is not started: the page keeps following the first, and says to wait or cancel", async () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    vi.mocked(startRun).mockClear();
    vi.mocked(startRun).mockResolvedValueOnce({ id: "r1", status: "queued", url: "", events_url: "",
      not_runnable: [] });
    await runGraph();
    expect(store().runPhase).toBe("running");

    await runGraph("blur-1");  // "Run this node" (or Ctrl+Enter) while r1 runs

    expect(startRun).toHaveBeenCalledTimes(1);
    expect(store().runId).toBe("r1");
    expect(store().notice?.message).toBe("A run is under way: wait for it to end, or cancel it, then run again");
    expect(store().notice?.over?.(store())).toBe(false);
    ended("r1");
    expect(store().notice?.over?.(store())).toBe(true);  // the notice goes (NoticeToast): it no longer holds
  });
});
