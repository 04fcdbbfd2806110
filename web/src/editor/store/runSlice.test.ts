import { beforeEach, describe, expect, it } from "vitest";
import type { NotRunnableNode } from "../../api/runs";
import type { ProblemCode, RunEvent } from "../../api/types";
import { MODEL_SPECS, SPECS } from "../../test/specs";
import { roots } from "../collab/ydoc";
import { resetEditor, useEditor } from "./editorStore";
import { cancelledText, NOT_RUN_INTERRUPTED_TEXT, RUN_INTERRUPTED_TEXT, RUN_RESUMED_TEXT, runStallOf } from "./runSlice";

const store = () => useEditor.getState();
let seq = 0;
// events as the server sends them, with only the fields a test cares about
const event = (type: RunEvent["type"], extra: Record<string, unknown> = {}): RunEvent =>
  ({ seq: ++seq, ts: 0, type, run_id: "r1", ...extra }) as RunEvent;

beforeEach(() => {
  resetEditor();
  store().beginRun(["a", "b", "c"]);
  store().runStarted("r1");
});

describe("run events", () => {
  it("moves nodes from queued through running with progress to done or cached", () => {
    expect(store().nodeRuns.a.status).toBe("pending");
    store().applyRunEvent(event("node.started", { node_id: "a" }));
    store().applyRunEvent(event("node.progress", { node_id: "a", fraction: 0.5, message: "half" }));
    expect(store().nodeRuns.a).toMatchObject({ status: "running", fraction: 0.5, message: "half" });
    store().applyRunEvent(event("node.completed", { node_id: "a",
      outputs: { image: { asset_id: "f".repeat(64), mime: "image/png" } } }));
    store().applyRunEvent(event("node.cached", { node_id: "b", outputs: { text: { value: "hi" } } }));
    expect(store().nodeRuns.a.status).toBe("completed");
    expect(store().nodeRuns.b).toMatchObject({ status: "completed", cached: true, outputs: { text: { value: "hi" } } });
  });

  it("keeps the failure text on the failed node and ends the run as failed", () => {
    store().applyRunEvent(event("node.failed", { node_id: "a", error: { code: "bad", message: "radius too big" } }));
    store().applyRunEvent(event("run.failed", { error: "1 node(s) failed", failed_nodes: ["a"] }));
    expect(store().nodeRuns.a).toMatchObject({ status: "failed", error: "radius too big" });
    expect(store().runPhase).toBe("failed");
    expect(store().nodeRuns.c.status).toBe("skipped");
  });

  it("says why when the studio stopped during the run: a notice that stays, and on each unfinished node", () => {
    store().applyRunEvent(event("node.completed", { node_id: "a", outputs: {} }));
    store().applyRunEvent(event("node.started", { node_id: "b" }));
    store().applyRunEvent(event("run.failed", { error: "interrupted",
      message: "the server stopped while this run was executing; run it again" }));
    expect(store().runPhase).toBe("failed");
    expect(store().runError).toBe(RUN_INTERRUPTED_TEXT);
    expect(store().notice).toMatchObject({ message: RUN_INTERRUPTED_TEXT, tone: "error", sticky: true });
    expect(store().nodeRuns.a.status).toBe("completed");
    expect(store().nodeRuns.b).toMatchObject({ status: "skipped", error: NOT_RUN_INTERRUPTED_TEXT });
    expect(store().nodeRuns.c).toMatchObject({ status: "skipped", error: NOT_RUN_INTERRUPTED_TEXT });
    // running again: the old failure's notice goes, another notice would stay
    store().beginRun(["a", "b", "c"]);
    expect(store().notice).toBeNull();
    store().notify("Saved", "info");
    store().beginRun(["a"]);
    expect(store().notice).toMatchObject({ message: "Saved" });
  });

  it("shows the message of a run that failed as a whole for another reason", () => {
    store().applyRunEvent(event("run.failed", { error: "the queue is unavailable" }));
    expect(store().notice).toMatchObject({ message: "The run failed: the queue is unavailable", sticky: true });
    expect(store().nodeRuns.a.error).toMatch(/^Not run: the run failed \(the queue is unavailable\); run it again/);
  });

  it("marks unfinished nodes cancelled when the run is cancelled", () => {
    store().applyRunEvent(event("node.started", { node_id: "a" }));
    store().applyRunEvent(event("run.cancelled"));
    expect(store().runPhase).toBe("cancelled");
    expect(store().nodeRuns.a.status).toBe("cancelled");
  });

  it("says a cancel happened: how many of the run's nodes finished, and that their results are kept", () => {
    store().applyRunEvents([event("node.completed", { node_id: "a", outputs: {} }),
      event("node.cached", { node_id: "b", outputs: {} }), event("node.started", { node_id: "c" })]);
    expect(store().notice).toBeNull();
    store().applyRunEvent(event("run.cancelled"));
    expect(store().notice).toMatchObject({ tone: "info",
      message: "Run cancelled: 2 of 3 nodes finished; their results are kept." });
  });

  it("counts only the run's own nodes as finished, not results earlier runs left on the canvas", () => {
    store().applyRunEvents([event("node.completed", { node_id: "a", outputs: {} }),
      event("node.completed", { node_id: "b", outputs: {} }), event("run.completed")]);
    store().beginRun(["c"]);
    store().runStarted("r2");
    store().applyRunEvent({ ...event("run.cancelled"), run_id: "r2" });
    expect(store().notice?.message).toBe("Run cancelled before any node finished.");
    expect(cancelledText(1, 2)).toBe("Run cancelled: 1 of 2 nodes finished; its result is kept.");
  });

  it("says a cancel that arrived as the last node finished ended a run that had finished whole", () => {
    store().applyRunEvents([event("node.completed", { node_id: "a", outputs: {} }),
      event("node.cached", { node_id: "b", outputs: {} }), event("node.completed", { node_id: "c", outputs: {} })]);
    store().applyRunEvent(event("run.cancelled"));
    expect(store().notice).toMatchObject({ tone: "info",
      message: "The run was cancelled as it ended: all 3 nodes had finished; their results are kept." });
    expect(cancelledText(1, 1)).toBe("The run was cancelled as it ended: its one node had finished; its result is kept.");
  });

  it("keeps the last results of nodes a later run failed on or skipped: a failed run takes nothing away", () => {
    const picture = { image: { asset_id: "e".repeat(64), mime: "image/png" } };
    store().applyRunEvents([event("node.completed", { node_id: "a", outputs: picture }),
      event("node.completed", { node_id: "b", outputs: picture }), event("run.completed")]);
    store().beginRun(["a", "b", "c"]);
    store().runStarted("r2");
    const r2 = (type: RunEvent["type"], extra: Record<string, unknown> = {}) => ({ ...event(type, extra), run_id: "r2" });
    store().applyRunEvents([r2("node.failed", { node_id: "a", error: { code: "provider_error", message: "busy" } }),
      r2("node.skipped", { node_id: "b" }), r2("node.skipped", { node_id: "c" }), r2("run.failed", { failed_nodes: ["a"] })]);
    expect(store().nodeRuns.a).toMatchObject({ status: "failed", error: "busy", outputs: picture });
    expect(store().nodeRuns.b).toMatchObject({ status: "skipped", outputs: picture });  // the Save after it
    expect(store().nodeRuns.c.outputs).toBeUndefined();  // it never made anything
  });

  it("gives each result the Filename its node had in the run that made it, kept when a later run fails on it", () => {
    const picture = { image: { asset_id: "e".repeat(64), mime: "image/png" } };
    const document = (filename: string) => ({ schema_version: 1, edges: [],
      nodes: [{ id: "a", type: "output.save", params: { filename } }, { id: "b", type: "output.save", params: {} }] });
    store().beginRun(["a", "b"]);
    store().runStarted("r1", document("poster"));
    store().applyRunEvents([event("node.completed", { node_id: "a", outputs: picture }),
      event("node.completed", { node_id: "b", outputs: picture }), event("run.completed")]);
    expect([store().nodeRuns.a.madeAs, store().nodeRuns.b.madeAs]).toEqual(["poster", ""]);
    store().beginRun(["a"]);
    store().runStarted("r2", document("banner"));  // renamed, and this run fails on it
    const r2 = (type: RunEvent["type"], extra: Record<string, unknown> = {}) => ({ ...event(type, extra), run_id: "r2" });
    store().applyRunEvents([r2("node.failed", { node_id: "a", error: { code: "x", message: "busy" } }),
      r2("run.failed", { failed_nodes: ["a"] })]);
    expect(store().nodeRuns.a).toMatchObject({ status: "failed", outputs: picture, madeAs: "poster" });
  });

  it("keeps, through a cancel, the results nodes showed before the run and what they were made from", () => {
    const picture = { image: { asset_id: "e".repeat(64), mime: "image/png" } };
    store().applyRunEvent(event("node.completed", { node_id: "a", outputs: picture }));
    store().applyRunEvent(event("node.completed", { node_id: "b", outputs: picture }));
    store().applyRunEvent(event("run.completed"));
    useEditor.setState({ ranKeys: { a: "key-a", b: "key-b" } });
    store().beginRun(["a", "b", "c"]);
    store().runStarted("r2");
    useEditor.setState({ ranKeys: { a: "key-a2", b: "key-b2", c: "key-c2" } });  // what this run would make
    const r2 = (type: RunEvent["type"], extra: Record<string, unknown> = {}) => ({ ...event(type, extra), run_id: "r2" });
    const fresh = { image: { asset_id: "f".repeat(64), mime: "image/png" } };
    store().applyRunEvents([r2("node.completed", { node_id: "a", outputs: fresh }), r2("node.started", { node_id: "b" }),
      r2("run.cancelled")]);
    expect(store().runPhase).toBe("cancelled");
    expect(store().nodeRuns.a).toMatchObject({ status: "completed", outputs: fresh });  // made before the cancel
    expect(store().nodeRuns.b).toMatchObject({ status: "completed", outputs: picture });  // its earlier result
    expect(store().nodeRuns.c.status).toBe("cancelled");  // nothing to keep
    expect(store().ranKeys).toMatchObject({ a: "key-a2", b: "key-b" });
  });

  it("writes nothing into the document: the server chooses the project's dashboard picture from its runs", () => {
    const before = store().revision;
    const meta = roots(store().graphDoc()).meta.toJSON();
    store().applyRunEvents([event("node.completed", { node_id: "a",
      outputs: { image: { asset_id: "a".repeat(64), mime: "image/png" } } }), event("run.completed")]);
    expect(store().revision).toBe(before);  // no "Unsaved changes" for a run without edits
    expect(roots(store().graphDoc()).meta.toJSON()).toEqual(meta);
    expect(meta).not.toHaveProperty("thumbnail");
  });

  it("ignores events of another run", () => {
    store().applyRunEvent({ ...event("node.started", { node_id: "a" }), run_id: "other" });
    expect(store().nodeRuns.a.status).toBe("pending");
  });
});

describe("a batch of run events", () => {
  const batch = (): RunEvent[] => [
    event("node.started", { node_id: "a" }),
    event("node.completed", { node_id: "a", outputs: { image: { asset_id: "1".repeat(64), mime: "image/png" } } }),
    event("node.started", { node_id: "b" }),
    event("node.cached", { node_id: "b", outputs: { image: { asset_id: "2".repeat(64), mime: "image/png" } } }),
  ];

  it("is one store update that ends where the events one by one end", () => {
    const events = batch();
    let updates = 0;
    const unsubscribe = useEditor.subscribe(() => { updates++; });
    store().applyRunEvents(events);
    unsubscribe();
    expect(updates).toBe(1);
    const batched = store().nodeRuns;

    resetEditor();
    store().beginRun(["a", "b", "c"]);
    store().runStarted("r1");
    for (const one of events) store().applyRunEvent(one);
    expect(batched).toEqual(store().nodeRuns);
  });

  it("gives a new state object only to the nodes it names, so the others do not re-render", () => {
    const before = store().nodeRuns;
    store().applyRunEvents(batch());
    expect(store().nodeRuns.c).toBe(before.c);
    expect(store().nodeRuns.a).not.toBe(before.a);
  });

  it("settles the nodes the run did not reach when it ends in the same batch", () => {
    store().applyRunEvents([...batch(), event("run.completed")]);
    expect(store().runPhase).toBe("completed");
    expect(store().nodeRuns.c.status).toBe("skipped");
    expect(store().nodeRuns.a.status).toBe("completed");
  });

  it("changes nothing when every event is of another run", () => {
    const before = useEditor.getState();
    store().applyRunEvents(batch().map((one) => ({ ...one, run_id: "other" })));
    expect(useEditor.getState()).toBe(before);
  });

  it("shows a node blocked by a problem as not run, with the problem", () => {
    store().applyRunEvents([event("node.blocked", { node_id: "c",
      error: { code: "invalid", message: "Connect an image to Blur" } })]);
    expect(store().nodeRuns.c).toMatchObject({ status: "blocked", error: "Connect an image to Blur" });
  });

  it("drops a blocked node's problem once it is edited, even while the rest still runs", () => {
    store().applyRunEvents([event("node.blocked", { node_id: "c",
      error: { code: "invalid", message: "Connect an image to Blur" } })]);
    store().clearFailure("c");
    expect(store().nodeRuns.c).toBeUndefined();
    expect(store().runPhase).toBe("running");
  });
});

describe("a run whose worker stopped", () => {
  const lostAt = "2030-01-01T12:00:00+00:00";

  it("notes that it waits for a worker, until events come again from the worker that took it over", () => {
    store().workerLost("r1", lostAt);
    expect(store().workerLostAt).toBe(lostAt);
    store().applyRunEvents([event("run.resumed", { reason: "worker_stopped" }), event("run.started", { nodes: 3 })]);
    expect(store().workerLostAt).toBeNull();
    expect(store().runPhase).toBe("running");
  });

  it("tells the user in words that another worker took it over", () => {
    store().applyRunEvent(event("run.resumed", { reason: "worker_stopped" }));
    expect(store().notice).toMatchObject({ message: RUN_RESUMED_TEXT, tone: "info" });
    expect(RUN_RESUMED_TEXT).toBe(
      "The worker running this stopped; another worker took it over — finished nodes are reused");
  });

  it("takes what the server said only of the run under way", () => {
    store().workerLost("other", lostAt);
    expect(store().workerLostAt).toBeNull();
    store().applyRunEvent(event("run.completed"));
    store().workerLost("r1", lostAt);  // an answer that comes after the run ended
    expect(store().workerLostAt).toBeNull();
  });

  it("forgets it when the next run begins", () => {
    store().workerLost("r1", lostAt);
    store().beginRun(["a"]);
    expect(store().workerLostAt).toBeNull();
  });
});

describe("a run refused before it started", () => {
  it("marks only the nodes with a problem as can't run (not failed), and editing a node clears its problem and the run's error", () => {
    resetEditor();
    store().setSpecs(SPECS);
    store().addNode("input.image", { x: 0, y: 0 });
    const image = store().nodes[0].id;
    store().beginRun([image, "blur-1"]);
    store().runStarted("r0");
    store().applyRunEvent({ ...event("node.completed", { node_id: "blur-1", outputs: {} }), run_id: "r0" });
    store().applyRunEvent({ ...event("node.completed", { node_id: image,
      outputs: { image: { asset_id: "a".repeat(64), mime: "image/png" } } }), run_id: "r0" });
    store().applyRunEvent({ ...event("run.completed"), run_id: "r0" });
    store().beginRun([image, "blur-1"]);
    store().runRejected("Upload an image into Image Upload first",
      [{ node_id: image, code: "missing_file", message: "Upload an image into Image Upload first" }],
      "Can't run yet: Upload an image into Image Upload first");
    expect(store().notice?.message).toBe("Can't run yet: Upload an image into Image Upload first");
    // a node refused before the run can't run yet: it did not fail; the last results are still shown
    expect(store().nodeRuns[image]).toMatchObject({ status: "blocked",
      error: "Upload an image into Image Upload first", outputs: { image: { asset_id: "a".repeat(64) } } });
    expect(store().nodeRuns["blur-1"].status).toBe("completed");  // as before: not "cancelled", not wiped
    expect(store().runPhase).toBe("failed");

    store().updateParams(image, { asset_id: "f".repeat(64) });
    expect(store().nodeRuns[image]).toBeUndefined();
    expect(store().runPhase).toBe("idle");
    expect(store().runError).toBeNull();
    expect(store().notice).toBeNull();
  });
});

describe("a fixed problem", () => {
  it("dismisses only the notice its refused run put up", () => {
    resetEditor();
    store().setSpecs(SPECS);
    store().addNode("input.image", { x: 0, y: 0 });
    const image = store().nodes[0].id;
    store().beginRun([image]);
    const upload = "Upload an image first";
    store().runRejected(upload, [{ node_id: image, code: "missing_file", message: upload }],
      `Can't run yet: ${upload}`);
    store().notify("Upload failed: the file is incomplete", "error");  // a later notice of its own
    store().updateParams(image, { asset_id: "f".repeat(64) });
    expect(store().runPhase).toBe("idle");
    expect(store().notice?.message).toBe("Upload failed: the file is incomplete");
  });
});

describe("the notice of the nodes a run leaves out", () => {
  const EMPTY = "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty";
  const NOTICE = `1 node can't run yet: ${EMPTY}; Save Image waits for it.`;
  const leftOut = (node_id: string, code: ProblemCode, message: string): NotRunnableNode =>
    ({ node_id, type: "", problems: [{ node_id, field: null, code, message }] });
  const connect = (source: string, sourceHandle: string, target: string, targetHandle: string) =>
    expect(store().connectPorts({ source, sourceHandle, target, targetHandle })).toBeNull();
  let prompt: string, flux: string, save: string;

  beforeEach(() => {
    resetEditor();
    store().setSpecs([...SPECS, ...MODEL_SPECS]);
    prompt = store().addNode("input.prompt", { x: 0, y: 0 })!;
    flux = store().addNode("model.flux_pro_1_1_ultra", { x: 300, y: 0 })!;
    save = store().addNode("output.save", { x: 600, y: 0 })!;
    connect(prompt, "text", flux, "prompt");
    connect(flux, "image", save, "image");
    store().beginRun([prompt, flux, save]);
    store().runStarted("r2");
  });
  const leaveOutFlux = (code: ProblemCode = "empty_input", message = EMPTY) => store().nodesLeftOut([
    leftOut(flux, code, message), leftOut(save, "upstream_invalid", `needs Flux Pro 1.1 Ultra (${flux}), which can't `
      + `run yet: ${message}`)], NOTICE);

  it("goes, with the problems it named, once the empty prompt they spoke of is typed", () => {
    leaveOutFlux();
    expect(store().notice).toMatchObject({ message: NOTICE, tone: "error" });
    expect(store().nodeRuns[flux]).toMatchObject({ status: "blocked", error: EMPTY, errorCode: "empty_input" });
    store().updateParams(prompt, { text: "a fox" });
    expect(store().nodeRuns[flux]).toBeUndefined();
    expect(store().nodeRuns[save]).toBeUndefined();  // it only waited for the model
    expect(store().notice).toBeNull();
  });

  it("goes when the next run starts, which says its own problems", () => {
    leaveOutFlux();
    store().applyRunEvent({ ...event("run.completed"), run_id: "r2" });
    store().beginRun([prompt, flux, save]);
    expect(store().notice).toBeNull();
    store().runStarted("r3");
    store().applyRunEvent({ ...event("node.failed", { node_id: flux, error: { code: "provider_not_configured",
      message: "Set REPLICATE_API_TOKEN or FAL_KEY to run Flux Pro 1.1 Ultra" } }), run_id: "r3" });
    expect(store().notice).toBeNull();  // the failed node says why, on the canvas: the prompt is not empty any more
  });

  it("stays while a problem it named is left, and goes once the last one is fixed, not any notice after it", () => {
    const image = store().addNode("input.image", { x: 0, y: 300 })!;
    store().nodesLeftOut([leftOut(flux, "empty_input", EMPTY), leftOut(image, "missing_file", "Upload an image first")],
      `2 nodes can't run yet: ${EMPTY}; Upload an image first`);
    store().updateParams(prompt, { text: "a fox" });
    expect(store().nodeRuns[flux]).toBeUndefined();
    expect(store().notice?.message).toMatch(/^2 nodes can't run yet/);
    store().updateParams(image, { asset_id: "f".repeat(64) });
    expect(store().notice).toBeNull();

    store().beginRun([image, flux]);
    store().nodesLeftOut([leftOut(image, "missing_file", "Upload an image first")], "Can't run: Upload an image first");
    store().notify("Upload failed: the file is incomplete", "error");  // a later notice of its own
    store().updateParams(image, { asset_id: "e".repeat(64) });
    expect(store().notice?.message).toBe("Upload failed: the file is incomplete");
  });

  it("keeps a problem of the model's own when only its prompt is typed", () => {
    leaveOutFlux("invalid_param", "Aspect Ratio must be one of 1:1, 16:9");
    store().updateParams(prompt, { text: "a fox" });
    expect(store().nodeRuns[flux]).toMatchObject({ status: "blocked", errorCode: "invalid_param" });
    expect(store().nodeRuns[save]).toMatchObject({ status: "blocked", errorCode: "upstream_invalid" });
    expect(store().notice?.message).toBe(NOTICE);
  });
});

describe("the notice of a run that ended with nodes failed", () => {
  let image: string, blur: string, invert: string, save: string;
  const failed = (node_id: string) =>
    ({ ...event("node.failed", { node_id, error: { code: "bad", message: "it broke" } }), run_id: "r5" });
  const endFailed = (...ids: string[]) => store().applyRunEvents([...ids.map(failed),
    { ...event("run.failed", { error: `${ids.length} node(s) failed`, failed_nodes: ids }), run_id: "r5" }]);

  beforeEach(() => {
    resetEditor();
    store().setSpecs(SPECS);
    image = store().addNode("input.image", { x: 0, y: 0 })!;
    blur = store().addNode("tool.blur", { x: 300, y: 0 })!;
    invert = store().addNode("tool.invert", { x: 600, y: 0 })!;
    save = store().addNode("output.save", { x: 900, y: 0 })!;
    store().beginRun([image, blur, invert, save]);
    store().runStarted("r5");
  });

  it("names the failed node as the canvas does and says what to do", () => {
    endFailed(blur);
    expect(store().notice).toMatchObject({ message: "Blur failed: open it to see why.", tone: "error" });
  });

  it("names a node by the name the user gave it", () => {
    store().renameNode(blur, "Soften sky");
    endFailed(blur);
    expect(store().notice?.message).toBe("Soften sky failed: open it to see why.");
  });

  it("names the first few failed nodes in the canvas's order, then how many more", () => {
    endFailed(invert, blur);
    expect(store().notice?.message).toBe("Blur and Invert failed: open them to see why.");
    store().beginRun([image, blur, invert, save]);
    store().runStarted("r5");
    const blurs = [store().addNode("tool.blur", { x: 0, y: 300 })!, store().addNode("tool.blur", { x: 0, y: 600 })!];
    endFailed(save, ...blurs, invert, blur);
    expect(store().notice?.message).toBe("Blur (1), Invert, Save Image and 2 more failed: open them to see why.");
  });

  it("names the nodes the run left out for their own problems too, not in place of the failed ones", () => {
    store().nodesLeftOut([{ node_id: image, type: "input.image",
      problems: [{ node_id: image, field: "asset_id", code: "missing_file", message: "Upload an image first" }] }],
    "1 node can't run yet: Upload an image into Image Upload first");
    endFailed(blur);
    expect(store().notice?.message).toBe(
      "Blur failed: open it to see why. Image Upload can't run yet: open it to see what to fix.");
  });

  it("opens the failed node's settings, where it says why, and brings the node into view", () => {
    endFailed(invert, blur);
    expect(store().notice?.action?.label).toBe("Show why");
    const asked = store().fitView.n;
    store().toggleHistory(true);  // looking at the runs when the notice came
    store().notice?.action?.run();
    expect(store().settingsNodeId).toBe(blur);
    expect(store().fitView).toEqual({ n: asked + 1, ids: [blur] });
    expect(store().historyOpen).toBe(false);  // it was drawn over the settings
  });

  it("goes once the failed nodes are edited, and when the next run starts", () => {
    endFailed(blur);
    store().updateParams(blur, { radius: 3 });
    expect(store().notice).toBeNull();
    endFailed(invert);
    expect(store().notice).not.toBeNull();
    store().beginRun([invert]);
    expect(store().notice).toBeNull();
  });
});

describe("nodes skipped because a node they need failed", () => {
  it("lose their note once every node they waited for is fixed, after the run", () => {
    resetEditor();
    store().setSpecs(SPECS);
    const blur = store().addNode("tool.blur", { x: 0, y: 0 })!;
    const masks = store().addNode("tool.mask_extractor", { x: 0, y: 300 })!;
    const inpaint = store().addNode("tool.inpaint", { x: 300, y: 0 })!;
    expect(store().connectPorts({ source: blur, sourceHandle: "image", target: inpaint, targetHandle: "image" }))
      .toBeNull();
    expect(store().connectPorts({ source: masks, sourceHandle: "mask", target: inpaint, targetHandle: "mask" }))
      .toBeNull();
    store().beginRun([blur, masks, inpaint]);
    store().runStarted("r4");
    const failed = (node_id: string) =>
      ({ ...event("node.failed", { node_id, error: { code: "invalid", message: "bad" } }), run_id: "r4" });
    store().applyRunEvents([failed(blur), failed(masks), { ...event("node.skipped", { node_id: inpaint,
      error: { code: "upstream_failed", message: "not run because Blur failed; fix Blur and run again" } }),
    run_id: "r4" }, { ...event("run.failed", { error: "2 node(s) failed", failed_nodes: [blur, masks] }),
      run_id: "r4" }]);
    store().updateParams(blur, { radius: 2 });
    expect(store().nodeRuns[inpaint]).toMatchObject({ status: "skipped" });  // it needs the mask too
    store().updateParams(masks, { threshold: 10 });
    expect(store().nodeRuns[inpaint]).toBeUndefined();
    expect(store().runPhase).toBe("idle");
  });
});

describe("a stalled run", () => {
  it("is unknown while the studio can't be reached, whatever its worker", () => {
    store().workerLost("r1", "2025-01-01T00:00:00Z");
    store().setCollab("offline");
    expect(runStallOf(store())).toBe("unreachable");
    store().setCollab("reconnecting");
    expect(runStallOf(store())).toBe("unreachable");
  });

  it("waits for a worker once the server says its worker is lost, until a worker's events come", () => {
    store().setCollab("live");
    expect(runStallOf(store())).toBe("none");
    store().workerLost("r1", "2025-01-01T00:00:00Z");
    expect(runStallOf(store())).toBe("waiting-for-worker");
    store().applyRunEvent(event("run.resumed"));
    expect(runStallOf(store())).toBe("none");
  });

  it("is not stalled once it has ended, reachable or not", () => {
    store().applyRunEvent(event("run.completed"));
    store().setCollab("offline");
    expect(runStallOf(store())).toBe("none");
  });
});
