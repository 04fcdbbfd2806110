// A run's outcome as the History words it: the server's status, told finer for a completed run that left nodes out.
import { describe, expect, it } from "vitest";
import { runOutcome } from "./HistoryOutcome";

const run = (status: "queued" | "running" | "completed" | "failed" | "cancelled", not_run = 0,
  thumbnail_url: string | null = null, worker_lost_at: string | null = null) =>
  ({ status, not_run, thumbnail_url, worker_lost_at });

describe("a run's outcome", () => {
  it("is the server's status for a run that did all it was asked, or that failed or was cancelled", () => {
    expect(runOutcome(run("completed"))).toBe("completed");
    expect(runOutcome(run("completed", 0, "/picture"))).toBe("completed");
    expect(runOutcome(run("failed", 2))).toBe("failed");
    expect(runOutcome(run("cancelled", 1))).toBe("cancelled");
    expect(runOutcome(run("queued"))).toBe("queued");
    expect(runOutcome(run("running"))).toBe("running");
  });

  it("is nothing saved for a completed run that left nodes out and made no picture, partly run when it made one",
    () => {
      expect(runOutcome(run("completed", 2))).toBe("nothing_saved");
      expect(runOutcome(run("completed", 2, "/picture"))).toBe("partly");
    });

  it("is waiting for a running run whose worker stopped", () => {
    expect(runOutcome(run("running", 0, null, "2026-01-02T10:00:05Z"))).toBe("waiting");
  });
});
