import { beforeEach, describe, expect, it, vi } from "vitest";
import { getRun, listRuns, type NodeRunRecord, type RunPage, type RunRecord } from "../api/runs";
import { changedSince, changedSinceRun, runKeys, setKeySpecs } from "./changedSince";
import { latestResults, nodeRunsOf, showRecordedRun, showRun } from "./history";
import { durationWords } from "./panels/runTimes";
import { resetEditor, useEditor } from "./store/editorStore";
import { SPECS } from "../test/specs";
import type { EditorNode } from "./types";
import { fromEarlierRun } from "./viewer/results";

vi.mock("../api/runs", async (original) => ({ ...await original<typeof import("../api/runs")>(), getRun: vi.fn(),
  listRuns: vi.fn() }));

const record = (node_id: string, status: NodeRunRecord["status"], extra: Partial<NodeRunRecord> = {}): NodeRunRecord =>
  ({ node_id, type: "tool.blur", status, cached: false, outputs: {}, error: null, started_at: null,
    finished_at: null, duration_ms: null, ...extra });

const run = (status: RunRecord["status"], nodes: NodeRunRecord[]): RunRecord => ({
  id: "r1", workflow_id: "w1", version_id: null, version: null, status, error: null, targets: null, created_at: null, started_at: null,
  finished_at: null, worker_lost_at: null, events_url: "/api/v1/runs/r1/events", nodes: Object.fromEntries(nodes.map((n) => [n.node_id, n])) });

const studio = (id: string): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType: "tool.blur", params: {} } });

const image = { image: { asset_id: "a".repeat(64), mime: "image/png", url: "/api/v1/assets/x/content" } };

beforeEach(() => resetEditor());

describe("a recorded run on the canvas", () => {
  it("gives each node still on the canvas its status, outputs and error, and leaves deleted nodes out", () => {
    const runs = nodeRunsOf(run("failed", [
      record("a", "completed", { outputs: image }), record("b", "completed", { cached: true, outputs: image }),
      record("c", "failed", { error: { code: "x", message: "Radius is too large" } }), record("d", "skipped"),
      record("e", "blocked", { error: { code: "upstream_invalid", message: "needs Blur (c), which can't run yet" } }),
      record("gone", "completed", { outputs: image }),
    ]), new Set(["a", "b", "c", "d", "e"]));
    expect(runs.a).toMatchObject({ status: "completed", outputs: image });
    expect(runs.b).toMatchObject({ status: "completed", cached: true });
    expect(runs.c).toMatchObject({ status: "failed", error: "Radius is too large" });
    expect(runs.d).toMatchObject({ status: "skipped", error: "Skipped: an input failed" });
    // what kind of problem it is: a node that only waits for another is not drawn as failing
    expect(runs.e).toMatchObject({ status: "blocked", errorCode: "upstream_invalid" });
    expect(runs.gone).toBeUndefined();
  });

  it("gives each recorded result the Filename its node had in that run, which it downloads under", () => {
    const document = { schema_version: 1, nodes: [{ id: "a", type: "output.save", params: { filename: "poster" } },
      { id: "b", type: "output.save", params: {} }], edges: [] };
    const runs = nodeRunsOf({ ...run("completed", [record("a", "completed", { outputs: image }),
      record("b", "completed", { outputs: image })]), document }, new Set(["a", "b"]));
    expect([runs.a.madeAs, runs.b.madeAs]).toEqual(["poster", ""]);
    expect(nodeRunsOf(run("completed", [record("a", "completed", { outputs: image })]), new Set(["a"])).a.madeAs)
      .toBeUndefined();  // a run read without its document: not known
  });

  it("replaces whatever run was shown: its id, phase and node states", () => {
    useEditor.setState({ nodes: [studio("a"), studio("b")], nodeRuns: { b: { status: "failed", error: "old" } } });
    showRun(run("completed", [record("a", "completed", { outputs: image })]));
    const state = useEditor.getState();
    expect(state).toMatchObject({ runId: "r1", runPhase: "completed", runError: null });
    expect(Object.keys(state.nodeRuns)).toEqual(["a"]);
  });

  it("keeps the states of nodes a partial run left alone from the runs before it", () => {
    useEditor.setState({ nodes: [studio("a"), studio("b")] });
    const whole = { ...run("completed", [record("a", "completed", { outputs: image }), record("b", "failed")]), id: "r0" };
    const partial = { ...run("completed", [record("b", "completed", { cached: true })]), targets: ["b"] };
    showRun(partial, [whole]);
    const state = useEditor.getState();
    expect(state.runId).toBe("r1");
    expect(state.nodeRuns.a).toMatchObject({ status: "completed", outputs: image });
    expect(state.nodeRuns.b).toMatchObject({ status: "completed", cached: true });
  });
});

describe("a cancelled run on the canvas", () => {
  it("leaves the nodes it stopped before showing the results of the run before it", () => {
    useEditor.setState({ nodes: [studio("a"), studio("b"), studio("c")] });
    const other = { image: { ...image.image, asset_id: "b".repeat(64) } };
    const whole = { ...run("completed", [record("a", "completed", { outputs: image }),
      record("b", "completed", { outputs: image })]), id: "r0" };
    const cancelled = run("cancelled", [record("a", "completed", { outputs: other }), record("b", "cancelled"),
      record("c", "cancelled")]);
    showRun(cancelled, [whole]);
    const state = useEditor.getState();
    expect(state.runPhase).toBe("cancelled");
    expect(state.nodeRuns.a).toMatchObject({ status: "completed", outputs: other });
    expect(state.nodeRuns.b).toMatchObject({ status: "completed", outputs: image });
    expect(state.nodeRuns.c.status).toBe("cancelled");
  });
});

describe("a failed run on the canvas", () => {
  it("leaves the nodes it failed on or skipped showing the results the run before it made, marked as earlier", () => {
    useEditor.setState({ nodes: [studio("a"), studio("b"), studio("c")] });
    const whole = { ...run("completed", [record("a", "completed", { outputs: image }),
      record("b", "completed", { outputs: image })]), id: "r0" };
    const failed = run("failed", [record("a", "failed", { error: { code: "provider_error", message: "busy" } }),
      record("b", "skipped"), record("c", "skipped")]);
    showRun(failed, [whole]);
    const { nodeRuns } = useEditor.getState();
    expect(nodeRuns.a).toMatchObject({ status: "failed", error: "busy", outputs: image });
    expect(nodeRuns.b).toMatchObject({ status: "skipped", outputs: image });
    expect(nodeRuns.c.outputs).toBeUndefined();
    expect(fromEarlierRun(nodeRuns.b)).toBe(true);
  });

  it("is shown, on opening the project, over the last run that completed", async () => {
    const item = (id: string, status: RunRecord["status"]): RunPage["items"][number] => {
      const { nodes: _records, ...summary } = run(status, []);
      return { ...summary, id, thumbnail_url: null, credits: 0, nodes: 2, completed: status === "completed" ? 2 : 0,
        not_run: 0, resumes: 0 };
    };
    vi.mocked(listRuns).mockResolvedValueOnce({ items: [item("r2", "failed"), item("r1", "completed"),
      item("r0", "completed")], total: 3, limit: 6, offset: 0 });
    vi.mocked(getRun).mockImplementation((id) => Promise.resolve({ ...run("completed", []), id }));
    const results = await latestResults("w1");
    expect(results?.run.id).toBe("r2");
    expect(results?.earlier.map((each) => each.id)).toEqual(["r1"]);  // not r0: r1 made every node again
  });
});

describe("a run picked in the history", () => {
  it("is shown once read", async () => {
    useEditor.setState({ nodes: [studio("a")] });
    vi.mocked(getRun).mockResolvedValueOnce(run("completed", [record("a", "completed", { outputs: image })]));
    await showRecordedRun("r1");
    expect(useEditor.getState()).toMatchObject({ runId: "r1", runPhase: "completed" });
  });

  it("is labelled as an older run until a new run starts; the latest run is not", async () => {
    useEditor.setState({ nodes: [studio("a")] });
    vi.mocked(getRun).mockResolvedValueOnce({ ...run("completed", []), started_at: "2026-01-01T08:47:28Z" });
    await showRecordedRun("r1");
    expect(useEditor.getState().pickedRun).toEqual(
      { runId: "r1", startedAt: "2026-01-01T08:47:28Z", missing: 0, version: null });
    useEditor.getState().beginRun(["a"]);
    expect(useEditor.getState().pickedRun).toBeNull();
    vi.mocked(getRun).mockResolvedValueOnce(run("completed", []));
    useEditor.setState({ runPhase: "completed" });
    await showRecordedRun("r1", true);
    expect(useEditor.getState().pickedRun).toBeNull();
  });

  it("counts the nodes it ran that the canvas no longer has, and names the version to open", async () => {
    useEditor.setState({ nodes: [studio("a")] });
    vi.mocked(getRun).mockResolvedValueOnce({ ...run("completed", [record("a", "completed"), record("prompt", "completed"),
      record("gone", "failed")]), version_id: "v".repeat(32) });
    await showRecordedRun("r1");
    expect(useEditor.getState().pickedRun).toMatchObject(
      { missing: 2, version: { workflowId: "w1", versionId: "v".repeat(32) } });
  });

  it("does not replace a run started while it was being read", async () => {
    useEditor.setState({ nodes: [studio("a")] });
    let answer: (record: RunRecord) => void = () => undefined;
    vi.mocked(getRun).mockReturnValueOnce(new Promise((resolve) => { answer = resolve; }));
    const picked = showRecordedRun("r1");
    useEditor.getState().beginRun(["a"]);
    useEditor.getState().runStarted("r2");
    answer(run("completed", [record("a", "completed", { outputs: image })]));
    await picked;
    expect(useEditor.getState()).toMatchObject({ runId: "r2", runPhase: "running" });
    expect(useEditor.getState().nodeRuns.a).toMatchObject({ status: "pending" });
  });
});

describe("a recorded run after edits", () => {
  const doc = (params: Record<string, unknown>, edges: Array<[string, string]> = []) => ({ schema_version: 1,
    nodes: ["a", "b", "c"].map((id) => ({ id, type: "tool.blur", params: id === "a" ? params : {},
      position: { x: 0, y: 0 } })),
    edges: edges.map(([source, target]) => ({ source, sourceHandle: "image", target, targetHandle: "image" })) });
  const withParams = (id: string, params: Record<string, unknown>): EditorNode =>
    ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType: "tool.blur", params } });

  it("tells the nodes edited since (params, incoming edges) and those below them; not for equal params", () => {
    const edges = [{ id: "e", source: "a", sourceHandle: "image", target: "b", targetHandle: "image" }];
    const nodes = [withParams("a", { asset_id: "f", note: null }), studio("b"), studio("c")];
    expect([...changedSince(doc({ asset_id: "f" }, [["a", "b"]]), nodes, edges)]).toEqual([]);
    expect([...changedSince(doc({}, [["a", "b"]]), nodes, edges)].sort()).toEqual(["a", "b"]);
    expect([...changedSince(doc({ asset_id: "f" }), nodes, edges)]).toEqual(["b"]);  // connected since
    expect([...changedSince(null, nodes, edges)]).toEqual([]);  // a run without its document: nothing known
  });

  it("does not count an upload's file name: the same file under another name makes the same results", () => {
    setKeySpecs(SPECS);
    const upload = (filename: string): EditorNode => ({ id: "a", type: "studio", position: { x: 0, y: 0 },
      data: { nodeType: "input.image", params: { asset_id: "f", filename } } });
    const ran = { schema_version: 1, nodes: [{ id: "a", type: "input.image", params: { asset_id: "f",
      filename: "board.jpg" }, position: { x: 0, y: 0 } }, { id: "b", type: "tool.blur", params: {},
      position: { x: 0, y: 0 } }], edges: [{ source: "a", sourceHandle: "image", target: "b", targetHandle: "image" }] };
    const edges = [{ id: "e", source: "a", sourceHandle: "image", target: "b", targetHandle: "image" }];
    expect([...changedSince(ran, [upload("a.png"), studio("b")], edges)]).toEqual([]);
    const other = { ...upload("a.png"), data: { nodeType: "input.image", params: { asset_id: "g", filename: "a.png" } } };
    expect([...changedSince(ran, [other as EditorNode, studio("b")], edges)].sort()).toEqual(["a", "b"]);
  });

  it("works the changed nodes out again when parameters or edges change, not when nodes only move", () => {
    const edges = [{ id: "e", source: "a", sourceHandle: "image", target: "b", targetHandle: "image" }];
    const nodes = [withParams("a", { asset_id: "f" }), studio("b"), studio("c")];
    const ranKeys = runKeys(doc({ asset_id: "f" }, [["a", "b"]]));
    const before = changedSinceRun({ ranKeys, nodes, edges });
    expect([...before]).toEqual([]);
    const moved = nodes.map((node) => ({ ...node, position: { x: 50, y: 50 } }));
    expect(changedSinceRun({ ranKeys, nodes: moved, edges })).toBe(before);  // the same answer, not redone
    const edited = [withParams("a", { asset_id: "g" }), ...moved.slice(1)];
    expect([...changedSinceRun({ ranKeys, nodes: edited, edges })].sort()).toEqual(["a", "b"]);
    expect([...changedSinceRun({ ranKeys: {}, nodes: edited, edges })]).toEqual([]);
  });

  it("knows a result below a node run since, but not run itself, as changed", () => {
    // a, then b below it, ran; then a was edited and only a ran again ("Run this node"): b still shows what the
    // old a made
    const edges = [{ id: "e", source: "a", sourceHandle: "image", target: "b", targetHandle: "image" }];
    const first = runKeys(doc({ asset_id: "f" }, [["a", "b"]]));
    const again = { ...first, ...runKeys(doc({ asset_id: "g" }, [["a", "b"]]), ["a"]) };
    const nodes = [withParams("a", { asset_id: "g" }), studio("b"), studio("c")];
    expect([...changedSinceRun({ ranKeys: again, nodes, edges })]).toEqual(["b"]);
  });

  it("shows no failure for a node edited since the run, but keeps its results and others' failures", () => {
    useEditor.setState({ nodes: [withParams("a", { asset_id: "f" }), studio("b"), studio("c")] });
    showRun({ ...run("failed", [
      record("a", "blocked", { error: { code: "invalid", message: "Upload an audio file into Audio Upload first" } }),
      record("b", "completed", { outputs: image }), record("c", "failed"),
    ]), document: doc({}) });
    const { nodeRuns } = useEditor.getState();
    expect(nodeRuns.a).toBeUndefined();
    expect(nodeRuns.b).toMatchObject({ status: "completed", outputs: image });
    expect(nodeRuns.c).toMatchObject({ status: "failed" });
  });

  it("shows the failures of a run picked in the history, edited since or not: that is what it is looked at for", () => {
    useEditor.setState({ nodes: [withParams("a", { asset_id: "f" }), studio("b")] });
    showRun({ ...run("failed", [
      record("a", "blocked", { error: { code: "invalid", message: "Upload an audio file into Audio Upload first" } }),
      record("b", "skipped"),
    ]), document: doc({}) }, [], true);
    const { nodeRuns } = useEditor.getState();
    expect(nodeRuns.a).toMatchObject({ status: "blocked", error: "Upload an audio file into Audio Upload first" });
    expect(nodeRuns.b).toMatchObject({ status: "skipped" });
  });
});

describe("durations in words", () => {
  it("says milliseconds under a second, seconds to a tenth under ten, whole seconds, then minutes; nothing before the end", () => {
    const start = "2026-01-01T10:00:00.000Z";
    expect(durationWords(start, "2026-01-01T10:00:00.035Z")).toBe("35 ms");
    expect(durationWords(start, "2026-01-01T10:00:04.240Z")).toBe("4.2 s");
    expect(durationWords(start, "2026-01-01T10:00:12.300Z")).toBe("12 s");
    expect(durationWords(start, "2026-01-01T10:02:05.000Z")).toBe("2 min 5 s");
    expect(durationWords(start, null)).toBeNull();
  });
});
