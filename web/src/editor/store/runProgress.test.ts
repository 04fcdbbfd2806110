// The top bar's count of a run's progress: nodes done (made or cached) of the run's nodes, and those it can't run,
// from the store as three numbers, the same object shape whatever event came, so a node event that changes no count re-renders nothing.
import { beforeEach, describe, expect, it } from "vitest";
import type { RunEvent } from "../../api/types";
import { resetEditor, useEditor } from "./editorStore";
import { runProgressOf, runProgressText } from "./runProgress";

const store = () => useEditor.getState();
let seq = 0;
const event = (type: RunEvent["type"], extra: Record<string, unknown> = {}): RunEvent =>
  ({ seq: ++seq, ts: 0, type, run_id: "r1", ...extra }) as RunEvent;
const ids = Array.from({ length: 221 }, (_, i) => `n${i}`);

beforeEach(() => {
  resetEditor();
  store().beginRun(ids);
  store().runStarted("r1");
});

describe("runProgressOf", () => {
  it("counts nodes completed and cached as done, of all the run's nodes", () => {
    expect(runProgressOf(store())).toEqual({ done: 0, total: 221, out: 0 });
    store().applyRunEvents([
      ...ids.slice(0, 10).map((id) => event("node.completed", { node_id: id, outputs: {} })),
      event("node.cached", { node_id: "n10", outputs: {} }), event("node.cached", { node_id: "n11", outputs: {} }),
      event("node.started", { node_id: "n12" }), event("node.progress", { node_id: "n12", fraction: 0.5 }),
    ]);
    expect(runProgressOf(store())).toEqual({ done: 12, total: 221, out: 0 });
    expect(runProgressText(runProgressOf(store()))).toBe("12 of 221 done");
  });

  it("counts apart the nodes the run can no longer run, as its end notice counts them", () => {
    store().nodesLeftOut([{ node_id: "n0", type: "tool.blur",
      problems: [{ code: "missing_input", message: "Blur needs a picture", node_id: "n0" }] }] as never, "1 can't run");
    store().applyRunEvents([event("node.failed", { node_id: "n1", error: { code: "x", message: "boom" } }),
      event("node.skipped", { node_id: "n2" }), event("node.completed", { node_id: "n3", outputs: {} })]);
    // the failed node was run: it is not done, and not one that can't run
    expect(runProgressOf(store())).toEqual({ done: 1, total: 221, out: 2 });
    expect(runProgressText(runProgressOf(store()))).toBe("1 of 221 done, 2 can't run");
  });

  it("counts only the run under way, not a node done by the run before", () => {
    store().applyRunEvent(event("node.completed", { node_id: "n0", outputs: {} }));
    store().beginRun(["n0", "n1"]);
    expect(runProgressOf(store())).toEqual({ done: 0, total: 2, out: 0 });
  });

  it("says nothing of a run of no nodes", () => {
    expect(runProgressText({ done: 0, total: 0, out: 0 })).toBe("");
  });
});
