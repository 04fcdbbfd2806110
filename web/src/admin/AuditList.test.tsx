// The audit log names whom each action was done to in full: the email an action recorded (a reset link records
// the email), or the email of the account id it names; a team reply names the question it answered.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../api/admin";
import { AuditList } from "./AuditList";

const ADA_ID = "u".repeat(32);
const entry = (id: number, action: AuditEntry["action"], target: string | null,
  data: AuditEntry["data"] = {}): AuditEntry => ({
  id, actor_id: "a".repeat(32), actor_email: "boss@example.com", action, target, data,
  created_at: new Date().toISOString(),
});

describe("the audit log", () => {
  it("shows an email target whole and looks up an account id", () => {
    render(<AuditList emailOf={new Map([[ADA_ID, "ada@example.com"]])} entries={[
      entry(1, "user.reset_link_made", "bob@example.com"),
      entry(2, "user.role_changed", ADA_ID, { from: "user", to: "staff" }),
      entry(3, "user.role_changed", "g".repeat(32), { from: "user", to: "staff" }),
    ]} />);
    const log = screen.getByTestId("audit-log");
    expect(log).toHaveTextContent("boss@example.com made a password reset link for bob@example.com");
    expect(log).toHaveTextContent("made ada@example.com staff (was user)");
    expect(log).toHaveTextContent("made account gggggggg staff (was user)");  // an account since deleted
  });

  it("says which support question the team answered", () => {
    render(<AuditList emailOf={new Map()} entries={[
      entry(1, "ticket.replied", "t".repeat(32), { question: "How do I share?", reply: "Press Share." })]} />);
    expect(screen.getByTestId("audit-log")).toHaveTextContent(
      "boss@example.com answered the support question “How do I share?” (ticket tttttttt)");
  });

  it("names the command line for an action no account did", () => {
    render(<AuditList emailOf={new Map([[ADA_ID, "ada@example.com"]])} entries={[
      { ...entry(1, "credits.granted", ADA_ID, { amount: 50 }), actor_id: null, actor_email: null }]} />);
    expect(screen.getByTestId("audit-log")).toHaveTextContent("The command line gave 50 credits to ada@example.com");
  });
});
