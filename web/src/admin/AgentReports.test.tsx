// The admin page's resource report says in words how the runs of the last 10 minutes went, "no run ended" when
// none did.

import { render, screen } from "@testing-library/react";
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
