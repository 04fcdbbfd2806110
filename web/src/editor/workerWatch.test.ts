// While a run is under way and quiet, the editor asks the server whether its worker stopped (with workers, a killed
// worker's run sends nothing until another takes it over), and notes the answer; events make the question moot.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEditor, useEditor } from "./store/editorStore";
import { WORKER_CHECK_MS, watchWorker, type WorkerWatch } from "./workerWatch";

const LOST_AT = "2030-01-01T12:00:00+00:00";
let watch: WorkerWatch | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  resetEditor();
  useEditor.getState().beginRun(["a"]);
  useEditor.getState().runStarted("r1");
});

afterEach(() => {
  watch?.stop();
  watch = null;
  vi.useRealTimers();
});

describe("watching a run's worker", () => {
  it("asks about a quiet run and notes that it waits for a worker", async () => {
    const read = vi.fn().mockResolvedValue(LOST_AT);
    watch = watchWorker("r1", read);
    await vi.advanceTimersByTimeAsync(WORKER_CHECK_MS);
    expect(read).toHaveBeenCalledWith("r1");
    expect(useEditor.getState().workerLostAt).toBe(LOST_AT);
  });

  it("does not ask while events come", async () => {
    const read = vi.fn().mockResolvedValue(LOST_AT);
    watch = watchWorker("r1", read);
    for (let beat = 0; beat < 4; beat++) {
      await vi.advanceTimersByTimeAsync(WORKER_CHECK_MS / 2);
      watch.saw();
    }
    expect(read).not.toHaveBeenCalled();
    expect(useEditor.getState().workerLostAt).toBeNull();
  });

  it("drops an answer that events overtook", async () => {
    let answer: (lostAt: string | null) => void = () => undefined;
    watch = watchWorker("r1", () => new Promise((resolve) => { answer = resolve; }));
    await vi.advanceTimersByTimeAsync(WORKER_CHECK_MS);
    watch.saw();  // the worker that took the run over sent its run.resumed meanwhile
    answer(LOST_AT);
    await vi.advanceTimersByTimeAsync(0);
    expect(useEditor.getState().workerLostAt).toBeNull();
  });

  it("stops asking once the run has ended", async () => {
    const read = vi.fn().mockResolvedValue(null);
    watch = watchWorker("r1", read);
    useEditor.setState({ runPhase: "completed" });
    await vi.advanceTimersByTimeAsync(WORKER_CHECK_MS * 3);
    expect(read).not.toHaveBeenCalled();
  });
});
