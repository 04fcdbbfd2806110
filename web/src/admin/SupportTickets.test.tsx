// The admin page's support tickets: each row says who asked and whether it waits for a person; Open shows the
// ticket with its thread, where the admin's reply goes to the studio and shows in the thread. A reply is written to
// the audit log (the page reads it again); a close is not.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { closeTicket, listSupportTickets, replyToTicket, type SupportTicket } from "../api/support";
import { SupportTickets } from "./SupportTickets";

vi.mock("../api/support", async (original) => ({ ...await original<typeof import("../api/support")>(),
  listSupportTickets: vi.fn(), replyToTicket: vi.fn(), closeTicket: vi.fn() }));

const BOSS = "boss@example.com";
const WAITING: SupportTicket = { id: "t1", asked_by: "ada@example.com", ticket: "Why is my export grey?",
  status: "open", answer: "Nothing in the docs answers this.", answered_by: null, sources: [], team_notified: true,
  created_at: null, replies: [], unread: false };

beforeEach(() => {
  vi.mocked(listSupportTickets).mockReset().mockResolvedValue([WAITING]);
  vi.mocked(replyToTicket).mockReset();
  vi.mocked(closeTicket).mockReset();
});

describe("the admin page's support tickets", () => {
  it("opens a waiting question and answers it", async () => {
    const onReply = vi.fn();
    render(<MemoryRouter><SupportTickets selfEmail={BOSS} onReply={onReply} /></MemoryRouter>);
    const row = await screen.findByTestId("admin-support-ticket");
    expect(row).toHaveTextContent("ada@example.com · waiting for a person");
    expect(listSupportTickets).toHaveBeenCalledWith(50, true);

    await userEvent.click(within(row).getByRole("button", { name: /^Open the question/ }));
    const card = within(row).getByTestId("help-ticket");
    await userEvent.click(within(card).getByRole("button", { name: "Reply" }));
    await userEvent.type(within(card).getByLabelText("Your reply"), "Turn off the grey background.");
    vi.mocked(replyToTicket).mockResolvedValue({ ...WAITING, status: "answered", replies: [
      { id: "r1", author: "team", by: BOSS, text: "Turn off the grey background.", created_at: null }] });
    await userEvent.click(within(card).getByRole("button", { name: "Send reply" }));

    expect(replyToTicket).toHaveBeenCalledWith("t1", "Turn off the grey background.");
    expect(await within(card).findByTestId("help-reply")).toHaveTextContent("You");
    expect(row).toHaveTextContent("answered · 1 reply");
    expect(onReply).toHaveBeenCalled();
  });

  it("closes a question without reading the audit log again, as a close writes none", async () => {
    const onReply = vi.fn();
    render(<MemoryRouter><SupportTickets selfEmail={BOSS} onReply={onReply} /></MemoryRouter>);
    const row = await screen.findByTestId("admin-support-ticket");
    await userEvent.click(within(row).getByRole("button", { name: /^Open the question/ }));
    vi.mocked(closeTicket).mockResolvedValue({ ...WAITING, status: "closed" });
    await userEvent.click(within(row).getByRole("button", { name: "Close question" }));

    expect(closeTicket).toHaveBeenCalledWith("t1");
    expect(await within(row).findByText(/Closed: nobody replies to it any more/)).toBeInTheDocument();
    expect(row).toHaveTextContent("ada@example.com · closed");
    expect(onReply).not.toHaveBeenCalled();
  });
});
