// The admin page's fraud report names each flagged account with its reasons (and counts those past the first ten),
// says so when none was; the marketing report counts the people away, those who turned the emails off and the emails
// queued, and says when the studio has no mail server; each report is read by its type, so many marketing emails never hide one. A flag in the
// audit log is the fraud agent's.

import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type AgentJob, listAgentJobs } from "../api/agentJobs";
import type { AuditEntry } from "../api/admin";
import { listSupportTickets } from "../api/support";
import { AgentReports } from "./AgentReports";
import { AuditList } from "./AuditList";

vi.mock("../api/agentJobs", async (original) => ({ ...await original<typeof import("../api/agentJobs")>(),
  listAgentJobs: vi.fn() }));
vi.mock("../api/support", async (original) => ({ ...await original<typeof import("../api/support")>(),
  listSupportTickets: vi.fn() }));

const job = (type: AgentJob["type"], result: Record<string, unknown>): AgentJob => ({
  id: type, type, status: "completed", payload: {}, priority: 0, attempts: 1, claimed_by: null,
  lease_expires_at: null, error: null, created_by: null, created_at: null, started_at: null, finished_at: null, result,
});

const account = (n: number) => ({ user_id: `u${n}`, email: `bot${n}@farm.example`, signals: ["signups_per_domain"],
  reasons: ["one of 12 accounts made at @farm.example in the hour"], recorded: true });

async function report(jobs: AgentJob[], testId: string): Promise<HTMLElement> {
  vi.mocked(listAgentJobs).mockImplementation((type) => Promise.resolve(jobs.filter((j) => j.type === type)));
  render(<MemoryRouter><AgentReports /></MemoryRouter>);
  return screen.findByTestId(testId);
}

beforeEach(() => {
  vi.mocked(listAgentJobs).mockReset();
  vi.mocked(listSupportTickets).mockReset();
  vi.mocked(listSupportTickets).mockResolvedValue([]);
});

describe("the fraud report", () => {
  it("names each flagged account with its reasons and counts the rest", async () => {
    const flagged = Array.from({ length: 12 }, (_, n) => account(n));
    const read = { from: "2026-12-03T13:00:00Z", to: "2026-12-03T14:00:00Z" };
    const shown = await report([job("fraud_check", { window: read, flagged, more: 0, alert: null })], "agent-fraud");
    // the hour the check read, which ends at the hour it was queued for (not the hour before it ran)
    const to = new Date(read.to).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    expect(shown).toHaveTextContent(`12 accounts flagged in the hour to ${to}; nothing was suspended:`);
    expect(shown).toHaveTextContent("bot0@farm.example: one of 12 accounts made at @farm.example in the hour");
    expect(shown.querySelectorAll("li")).toHaveLength(10);
    expect(shown).toHaveTextContent("and 2 more (in the audit log)");
  });

  it("counts the accounts the check left out even when fewer than ten are named", async () => {
    const flagged = Array.from({ length: 3 }, (_, n) => account(n));
    const shown = await report([job("fraud_check", { window: {}, flagged, more: 4, alert: null })], "agent-fraud");
    expect(shown).toHaveTextContent("7 accounts flagged in the hour it read");
    expect(shown.querySelectorAll("li")).toHaveLength(3);
    expect(shown).toHaveTextContent("and 4 more (in the audit log)");
  });

  it("says when no account showed a sign", async () => {
    const shown = await report([job("fraud_check", { window: {}, flagged: [], more: 0, alert: null })], "agent-fraud");
    expect(shown).toHaveTextContent("No account showed a sign of abuse in the hour it read.");
  });
});

describe("the marketing report", () => {
  it("counts the people away and the emails queued, read by its own type", async () => {
    const emails = Array.from({ length: 60 }, (_, n) => ({ ...job("marketing_email", {}), id: `m${n}` }));
    const digest = job("marketing_digest", { away: 5, queued: 4, mailed_before: 1, later: 0, mail_off: null });
    const shown = await report([...emails, digest], "agent-marketing");
    expect(shown.textContent).toBe("5 accounts away for a week · 4 emails of tips queued to send · 1 mailed earlier "
      + "this time away");
    expect(vi.mocked(listAgentJobs).mock.calls.map(([type]) => type)).not.toContain(undefined);
  });

  it("counts the people away who turned these emails off, and mails them nothing", async () => {
    const digest = job("marketing_digest", { away: 5, opted_out: 2, queued: 3, mailed_before: 0, later: 0,
      mail_off: null });
    const shown = await report([digest], "agent-marketing");
    expect(shown.textContent).toBe("5 accounts away for a week · 2 turned these emails off · 3 emails of tips queued "
      + "to send");
  });

  it("says when the studio has no mail server", async () => {
    const off = "the studio has no mail server (KARATE_SMTP_URL is not set): no email was queued";
    const shown = await report([job("marketing_digest", { away: 2, queued: 0, mailed_before: 0, later: 0,
      mail_off: off })], "agent-marketing");
    expect(shown).toHaveTextContent(off);
  });
});

describe("a flag in the audit log", () => {
  it("is the fraud agent's, naming the account and its reasons", () => {
    const entry: AuditEntry = { id: 1, actor_id: null, actor_email: null, action: "agent.account_flagged",
      target: "u1", created_at: null, data: { email: "whale@example.com", signals: ["credits_per_hour"],
        reasons: ["spent 3000 credits in the hour"] } };
    render(<AuditList entries={[entry]} emailOf={new Map()} />);
    expect(screen.getByTestId("audit-log")).toHaveTextContent(
      "The fraud agent flagged whale@example.com (nothing was suspended): spent 3000 credits in the hour");
  });
});
