// Run turns into Cancel in the same spot as it is pressed: a designer's double click on Run starts one run and
// cancels nothing; Cancel cancels the run on screen, never the one before it (even while the new one is still
// being submitted); and a run that ended before Cancel reached it is no error, nor a notice naming its id.
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import { cancelRun, startRun, type RunAccepted } from "../../api/runs";
import { SPECS } from "../../test/specs";
import { RUN_ALREADY_ENDED_TEXT } from "../runner";
import { resetEditor, useEditor } from "../store/editorStore";
import { Toolbar } from "./Toolbar";

vi.mock("../../api/runs", async (original) => ({ ...await original<typeof import("../../api/runs")>(),
  startRun: vi.fn(), cancelRun: vi.fn(), followRun: vi.fn(() => () => {}) }));
vi.mock("../workerWatch", () => ({ watchWorker: () => ({ saw: () => {}, stop: () => {} }) }));

const store = () => useEditor.getState();
const accepted = (id: string): RunAccepted => ({ id, status: "queued", url: "", events_url: "" });
/** A press of the button `testId`: `detail` is the browser's click count (2: the second click of a double click). */
const press = (testId: string, detail = 1) => fireEvent.click(screen.getByTestId(testId), { detail });
/** The server's own words for a cancel of a run that ended, as the API and the CLI show them. */
const finished = (id: string) => new ApiError(409, `run ${id} has already completed; start a new run to run it again`,
  [], "run_finished");

/** The editor after a run "r1" that completed: its id is still the store's, as it is after any finished run. */
function afterFinishedRun() {
  store().setSpecs(SPECS);
  store().addNode("tool.blur", { x: 0, y: 0 });
  store().beginRun(["blur-1"]);
  store().runStarted("r1");
  store().applyRunEvent({ type: "run.completed", seq: 2, run_id: "r1", ts: 1, cached: 0, executed: 1, blocked: 0 });
  render(<MemoryRouter><Toolbar /></MemoryRouter>);
}

beforeEach(() => {
  resetEditor();
  vi.mocked(startRun).mockReset();
  vi.mocked(cancelRun).mockReset().mockResolvedValue(undefined);
});

describe("a double click on Run", () => {
  it("starts one run and cancels nothing; a deliberate Cancel later cancels that run", async () => {
    afterFinishedRun();
    vi.mocked(startRun).mockResolvedValueOnce(accepted("r2"));

    press("run");
    press("cancel-run", 2);  // the second click of the double click lands on Cancel, in Run's place
    await waitFor(() => expect(store().runId).toBe("r2"));
    press("cancel-run", 2);

    expect(startRun).toHaveBeenCalledTimes(1);
    expect(cancelRun).not.toHaveBeenCalled();
    expect(screen.getByTestId("cancel-run")).toHaveTextContent(/^Cancel$/);
    expect(store().notice).toBeNull();

    press("cancel-run");
    await waitFor(() => expect(cancelRun).toHaveBeenCalledWith("r2"));
    expect(cancelRun).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("cancel-run")).toHaveTextContent(/^Cancelling…$/);
    expect(screen.getByTestId("cancel-run")).toBeDisabled();
  });
});

describe("Cancel", () => {
  it("pressed while the run is still being submitted, cancels that run once it has an id, never the last one", async () => {
    afterFinishedRun();
    let take: (run: RunAccepted) => void = () => {};
    vi.mocked(startRun).mockReturnValueOnce(new Promise((resolve) => { take = resolve; }));

    press("run");
    expect(store().runPhase).toBe("starting");
    press("cancel-run");
    expect(screen.getByTestId("cancel-run")).toHaveTextContent(/^Cancelling…$/);
    expect(cancelRun).not.toHaveBeenCalled();  // "r1", the finished run the store still names, is left alone

    act(() => take(accepted("r2")));
    await waitFor(() => expect(cancelRun).toHaveBeenCalledWith("r2"));
    expect(cancelRun).toHaveBeenCalledTimes(1);
  });

  it("of a run that finished meanwhile says so calmly, in words, without the run's id", async () => {
    afterFinishedRun();
    vi.mocked(startRun).mockResolvedValueOnce(accepted("44f48de5a1b29701"));
    vi.mocked(cancelRun).mockRejectedValueOnce(finished("44f48de5a1b29701"));
    press("run");
    await waitFor(() => expect(store().runId).toBe("44f48de5a1b29701"));

    press("cancel-run");

    await waitFor(() => expect(store().notice).toMatchObject({ tone: "info", message: RUN_ALREADY_ENDED_TEXT }));
    expect(store().notice?.message).not.toMatch(/44f48de5|already completed/);
  });

  it("that could not be asked for says why, and may be pressed again", async () => {
    afterFinishedRun();
    vi.mocked(startRun).mockResolvedValueOnce(accepted("r2"));
    vi.mocked(cancelRun).mockRejectedValueOnce(new ApiError(404,
      "there is no run r2; GET /api/v1/runs lists your runs", [], "not_found"));
    press("run");
    await waitFor(() => expect(store().runId).toBe("r2"));

    press("cancel-run");

    await waitFor(() => expect(store().notice?.tone).toBe("error"));
    expect(store().notice?.message).not.toMatch(/r2|GET/);
    expect(screen.getByTestId("cancel-run")).toHaveTextContent(/^Cancel$/);
    expect(screen.getByTestId("cancel-run")).toBeEnabled();
  });
});
