// The Help page keeps a long question from pushing the answers down: a question longer than a few lines shows its
// first four with "Show all" (and "Show less" once open), an answer its first twelve; a short one shows whole.

import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { listSupportTickets, type SupportTicket } from "../api/support";
import HelpPage from "./HelpPage";

vi.mock("../api/support", async (original) => ({ ...await original<typeof import("../api/support")>(),
  listSupportTickets: vi.fn() }));

const ticket = (id: string, question: string, answer = "Open the project and choose Share."): SupportTicket => ({
  id, asked_by: null, ticket: question, status: "answered", answer, answered_by: "docs", sources: [], team_notified: false,
  created_at: null });

const LONG_QUESTION = "My poster renders with a grey band along the top edge. ".repeat(72);  // ~4000 characters
const LONG_ANSWER = Array.from({ length: 20 }, (_, line) => `Step ${line + 1}: do the next thing.`).join("\n");

async function ticketsShown(tickets: SupportTicket[]): Promise<HTMLElement[]> {
  vi.mocked(listSupportTickets).mockResolvedValue(tickets);
  render(<MemoryRouter><HelpPage /></MemoryRouter>);
  await screen.findByText("Open the project and choose Share.", { exact: false });
  return screen.getAllByTestId("help-ticket");
}

beforeEach(() => vi.mocked(listSupportTickets).mockReset());

describe("the Help page's questions", () => {
  it("clamps a long question to a few lines, with Show all and Show less", async () => {
    const [card] = await ticketsShown([ticket("t1", LONG_QUESTION)]);
    const question = within(card).getByTestId("help-ticket-question");
    expect(question).toHaveClass("line-clamp-4", "text-sm", "font-medium");
    expect(question).toHaveTextContent(LONG_QUESTION.trim());  // clamped on screen, whole for copying and search

    await userEvent.click(within(card).getByRole("button", { name: "Show all" }));
    expect(question).not.toHaveClass("line-clamp-4");
    expect(within(card).getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");

    await userEvent.click(within(card).getByRole("button", { name: "Show less" }));
    expect(question).toHaveClass("line-clamp-4");
    expect(within(card).getByRole("button", { name: "Show all" })).toHaveAttribute("aria-expanded", "false");
  });

  it("shows a short question whole, with no toggle", async () => {
    const [card] = await ticketsShown([ticket("t1", "How do I share a project with a colleague?")]);
    const question = within(card).getByTestId("help-ticket-question");
    expect(question).toHaveTextContent("How do I share a project with a colleague?");
    expect(question).not.toHaveClass("line-clamp-4");
    expect(within(card).queryByRole("button")).toBeNull();
  });

  it("clamps a long answer to twelve lines, with its own Show all", async () => {
    const [card] = await ticketsShown([ticket("t1", "How do I share a project?",
      `Open the project and choose Share.\n${LONG_ANSWER}`)]);
    const answer = within(card).getByTestId("help-answer");
    expect(answer).toHaveClass("line-clamp-12");
    expect(within(card).getAllByRole("button")).toHaveLength(1);  // the short question has none
    await userEvent.click(within(card).getByRole("button", { name: "Show all" }));
    expect(answer).not.toHaveClass("line-clamp-12");
  });
});
