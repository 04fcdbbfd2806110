import { beforeEach, describe, expect, it } from "vitest";
import type { RunEvent } from "../../api/types";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "./editorStore";

const store = () => useEditor.getState();
let seq = 0;
const event = (type: RunEvent["type"], extra: Partial<RunEvent> = {}): RunEvent =>
  ({ seq: ++seq, type, run_id: "r1", ...extra });

beforeEach(() => {
  resetEditor();
  store().beginRun(["a", "b", "c"]);
  store().runStarted("r1");
});

describe("run events", () => {
  it("moves nodes from queued through running with progress to done or cached", () => {
    expect(store().nodeRuns.a.status).toBe("queued");
    store().applyRunEvent(event("node.started", { node_id: "a" }));
    store().applyRunEvent(event("node.progress", { node_id: "a", fraction: 0.5, message: "half" }));
    expect(store().nodeRuns.a).toMatchObject({ status: "running", fraction: 0.5, message: "half" });
    store().applyRunEvent(event("node.completed", { node_id: "a",
      outputs: { image: { asset_id: "f".repeat(64), mime: "image/png" } } }));
    store().applyRunEvent(event("node.cached", { node_id: "b", outputs: { text: { value: "hi" } } }));
    expect(store().nodeRuns.a.status).toBe("completed");
    expect(store().nodeRuns.b).toMatchObject({ status: "cached", outputs: { text: { value: "hi" } } });
  });

  it("keeps the failure text on the failed node and ends the run as failed", () => {
    store().applyRunEvent(event("node.failed", { node_id: "a", error: { code: "bad", message: "radius too big" } }));
    store().applyRunEvent(event("run.failed", { error: "1 node(s) failed" }));
    expect(store().nodeRuns.a).toMatchObject({ status: "failed", error: "radius too big" });
    expect(store().runPhase).toBe("failed");
    expect(store().nodeRuns.c.status).toBe("skipped");
  });

  it("marks unfinished nodes cancelled when the run is cancelled", () => {
    store().applyRunEvent(event("node.started", { node_id: "a" }));
    store().applyRunEvent(event("run.cancelled"));
    expect(store().runPhase).toBe("cancelled");
    expect(store().nodeRuns.a.status).toBe("cancelled");
  });

  it("remembers the first image result as the project thumbnail and asks for a save", () => {
    const before = store().revision;
    store().applyRunEvent(event("node.completed", { node_id: "a",
      outputs: { image: { asset_id: "a".repeat(64), mime: "application/x-npy" } } }));
    expect(store().thumbnailAssetId).toBe("a".repeat(64));
    expect(store().revision).toBeGreaterThan(before);
  });

  it("keeps a picture as the thumbnail when a video follows it (videos have no ?size= thumbnails)", () => {
    store().applyRunEvent(event("node.completed", { node_id: "a",
      outputs: { image: { asset_id: "b".repeat(64), mime: "image/png" } } }));
    store().applyRunEvent(event("node.completed", { node_id: "a",
      outputs: { video: { asset_id: "c".repeat(64), mime: "video/mp4" } } }));
    expect(store().thumbnailAssetId).toBe("b".repeat(64));
  });

  it("ignores events of another run", () => {
    store().applyRunEvent({ seq: 1, type: "node.started", run_id: "other", node_id: "a" });
    expect(store().nodeRuns.a.status).toBe("queued");
  });
});

describe("a run refused before it started", () => {
  it("marks only the nodes with a problem, and editing a node clears its problem and the run's error", () => {
    resetEditor();
    store().setSpecs(SPECS);
    store().addNode("input.image", { x: 0, y: 0 });
    const image = store().nodes[0].id;
    store().beginRun([image, "blur-1"]);
    store().runStarted("r0");
    store().applyRunEvent({ seq: 0, type: "node.completed", run_id: "r0", node_id: "blur-1", outputs: {} });
    store().applyRunEvent({ seq: 1, type: "node.completed", run_id: "r0", node_id: image,
      outputs: { image: { asset_id: "a".repeat(64), mime: "image/png" } } });
    store().applyRunEvent({ seq: 2, type: "run.completed", run_id: "r0" });
    store().beginRun([image, "blur-1"]);
    store().runRejected("Upload an image into Image Upload first", { [image]: "Upload an image into Image Upload first" },
      "Can't run yet: Upload an image into Image Upload first");
    expect(store().notice?.message).toBe("Can't run yet: Upload an image into Image Upload first");
    expect(store().nodeRuns[image]).toMatchObject({ status: "failed",
      outputs: { image: { asset_id: "a".repeat(64) } } });  // the last results are still shown
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
    store().runRejected("Upload an image first", { [image]: "Upload an image first" }, "Can't run yet: Upload an image first");
    store().notify("Upload failed: the file is incomplete", "error");  // a later notice of its own
    store().updateParams(image, { asset_id: "f".repeat(64) });
    expect(store().runPhase).toBe("idle");
    expect(store().notice?.message).toBe("Upload failed: the file is incomplete");
  });
});
