// The admin page's resource report says in words how the runs of the last 10 minutes went, "no run ended" when
// none did. Each report type is read on its own: one that cannot be read says so under its title and leaves the
// others shown; a run that failed shows its error.

import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type AgentJob, listAgentJobs } from "../api/agentJobs";
import { AgentReports } from "./AgentReports";

vi.mock("../api/agentJobs", async (original) => ({ ...await original<typeof import("../api/agentJobs")>(),
  listAgentJobs: vi.fn() }));

const monitor = (ended: number, failed: number): AgentJob => ({
  id: "j1", type: "resource_monitor", status: "completed", payload: {}, priority: 0, attempts: 1, claimed_by: null,
  lease_expires_at: null, error: null, created_by: null, created_at: null, started_at: null, finished_at: null,
  result: { runs: { running: 0, queued: 0, ended_last_10_min: ended, failed_last_10_min: failed },
    disk: { free_bytes: 40 * 1024 ** 3, total_bytes: 100 * 1024 ** 3 }, alerts: [] },
});

async function resourcesLine(job: AgentJob): Promise<string | null> {
  vi.mocked(listAgentJobs).mockResolvedValue([job]);
  render(<MemoryRouter><AgentReports /></MemoryRouter>);
  return (await screen.findByTestId("agent-resources")).textContent;
}

beforeEach(() => {
  vi.mocked(listAgentJobs).mockReset();
});

describe("the resources report", () => {
  it("says no run ended when none did", async () => {
    expect(await resourcesLine(monitor(0, 0)))
      .toBe("0 running · 0 waiting · no run ended in the last 10 minutes · disk 40.0 of 100 GiB free");
  });

  it("counts the runs that ended and failed", async () => {
    expect(await resourcesLine(monitor(4, 1))).toContain("1 of 4 runs that ended in the last 10 minutes failed");
  });
});

describe("the reports read one type at a time", () => {
  it("shows the reports that loaded and, under its title, why one did not", async () => {
    vi.mocked(listAgentJobs).mockImplementation((type) => type === "workflow_review"
      ? Promise.reject(new Error("the agents' queue is busy")) : Promise.resolve(type === "resource_monitor"
        ? [monitor(4, 1)] : []));
    render(<MemoryRouter><AgentReports /></MemoryRouter>);
    expect(await screen.findByTestId("agent-resources")).toHaveTextContent("1 of 4 runs");
    const review = screen.getByRole("heading", { name: "Workflow review" }).parentElement!;
    expect(within(review).getByRole("alert")).toHaveTextContent(
      "This report could not be read: the agents' queue is busy");
    const fraud = screen.getByRole("heading", { name: "Fraud signals" }).parentElement!;
    expect(fraud).toHaveTextContent("No report yet: the check runs every hour on a studio with accounts.");
  });

  it("shows a failed run's error in place of its report", async () => {
    vi.mocked(listAgentJobs).mockImplementation((type) => Promise.resolve(type === "resource_monitor"
      ? [{ ...monitor(0, 0), status: "failed", result: null, error: "the disk could not be read" }] : []));
    render(<MemoryRouter><AgentReports /></MemoryRouter>);
    const resources = screen.getByRole("heading", { name: "Resources" }).parentElement!;
    expect(await within(resources).findByText("the disk could not be read")).toBeInTheDocument();
    expect(screen.queryByTestId("agent-resources")).toBeNull();
  });
});
