// The Help page keeps a long question from pushing the answers down: a question longer than a few lines shows its
// first four with "Show all" (and "Show less" once open), an answer its first twelve; a short one shows whole. Each
// question shows its thread: the team's reply (marked new until seen), a reply box and Close; staff and admins also
// answer everyone's questions from here. A question the docs do not answer waits for the team with accounts, and on a
// local studio (whose one person asked it) is said to have no answer in the guide, with where else to look. A mailed
// link to one ticket shows it once the list is in, and a list that could not be loaded says so apart from the
// question form.

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  askSupport, closeTicket, listSupportTickets, markTicketRead, replyToTicket, type SupportTicket, type TicketReply,
} from "../api/support";
import HelpPage from "./HelpPage";
import { useSession } from "./session";

vi.mock("../api/support", async (original) => ({ ...await original<typeof import("../api/support")>(),
  listSupportTickets: vi.fn(), replyToTicket: vi.fn(), closeTicket: vi.fn(), markTicketRead: vi.fn(),
  askSupport: vi.fn() }));

const ticket = (id: string, question: string, answer = "Open the project and choose Share."): SupportTicket => ({
  id, asked_by: null, ticket: question, status: "answered", answer, answered_by: "docs", sources: [], team_notified: false,
  created_at: null, replies: [], unread: false });

const ADA = "ada@example.com";
const reply = (author: TicketReply["author"], text: string, by: string | null = null): TicketReply => ({
  id: `r-${text.length}`, author, by, text, created_at: null });
const me = (role: "user" | "staff" | "admin" | "owner", mode: "accounts" | "local" = "accounts") => ({
  id: "u".repeat(32), email: ADA, name: "Ada", role, credits: 100, analytics_opt_out: false, mode,
  csrf_token: "csrf" }) as const;

const LONG_QUESTION = "My poster renders with a grey band along the top edge. ".repeat(72);  // ~4000 characters
const LONG_ANSWER = Array.from({ length: 20 }, (_, line) => `Step ${line + 1}: do the next thing.`).join("\n");

async function ticketsShown(tickets: SupportTicket[]): Promise<HTMLElement[]> {
  vi.mocked(listSupportTickets).mockResolvedValue(tickets);
  render(<MemoryRouter><HelpPage /></MemoryRouter>);
  await screen.findByText("Open the project and choose Share.", { exact: false });
  return screen.getAllByTestId("help-ticket");
}

beforeEach(() => {
  vi.mocked(listSupportTickets).mockReset();
  vi.mocked(markTicketRead).mockReset().mockResolvedValue(undefined);
  useSession.setState({ state: { status: "signed-in", me: me("user") } });
});

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

  it("sends a question with Enter, Shift+Enter starting a new line", async () => {
    const asked = ticket("t9", "Where are my files saved?\nAnd my videos?");
    vi.mocked(askSupport).mockResolvedValue(asked);
    await ticketsShown([ticket("t1", "How do I share a project with a colleague?")]);
    const box = screen.getByTestId("help-question");
    await userEvent.type(box, "Where are my files saved?{Shift>}{Enter}{/Shift}And my videos?");
    expect(askSupport).not.toHaveBeenCalled();
    await userEvent.type(box, "{Enter}");
    expect(askSupport).toHaveBeenCalledWith("Where are my files saved?\nAnd my videos?");
    expect(await screen.findAllByTestId("help-ticket")).toHaveLength(2);
  });

  it("shows a short question whole, with no toggle", async () => {
    const [card] = await ticketsShown([ticket("t1", "How do I share a project with a colleague?")]);
    const question = within(card).getByTestId("help-ticket-question");
    expect(question).toHaveTextContent("How do I share a project with a colleague?");
    expect(question).not.toHaveClass("line-clamp-4");
    expect(within(card).queryByRole("button", { name: /Show/ })).toBeNull();
  });

  it("clamps a long answer to twelve lines, with its own Show all", async () => {
    const [card] = await ticketsShown([ticket("t1", "How do I share a project?",
      `Open the project and choose Share.\n${LONG_ANSWER}`)]);
    const answer = within(card).getByTestId("help-answer");
    expect(answer).toHaveClass("line-clamp-12");
    expect(within(card).getAllByRole("button", { name: /Show/ })).toHaveLength(1);  // the short question has none
    await userEvent.click(within(card).getByRole("button", { name: "Show all" }));
    expect(answer).not.toHaveClass("line-clamp-12");
  });
});

describe("a question's thread", () => {
  const WAITING: SupportTicket = { ...ticket("t1", "Why is my export grey?", "Open the project and choose Share."),
    status: "open" };

  it("shows the team's reply, signed by the team, marked new, and tells the studio it was seen", async () => {
    const [card] = await ticketsShown([{ ...WAITING, status: "answered", unread: true,
      replies: [reply("team", "Turn off the grey background in Settings.")] }]);
    const [shown] = within(card).getAllByTestId("help-reply");
    expect(shown).toHaveTextContent("The studio's team");
    expect(shown).toHaveTextContent("Turn off the grey background in Settings.");
    expect(within(card).getByTestId("help-unread")).toHaveTextContent("New reply");
    expect(markTicketRead).toHaveBeenCalledWith("t1");
  });

  it("sends a reply and shows the thread the studio answers with", async () => {
    const [card] = await ticketsShown([WAITING]);
    await userEvent.click(within(card).getByRole("button", { name: "Reply" }));
    await userEvent.click(within(card).getByRole("button", { name: "Send reply" }));
    expect(within(card).getByRole("alert")).toHaveTextContent("Write your reply first.");
    expect(replyToTicket).not.toHaveBeenCalled();

    vi.mocked(replyToTicket).mockResolvedValue({ ...WAITING, replies: [reply("asker", "It is grey on every export.", ADA)] });
    await userEvent.type(within(card).getByLabelText("Your reply"), "It is grey on every export.");
    await userEvent.click(within(card).getByRole("button", { name: "Send reply" }));
    expect(replyToTicket).toHaveBeenCalledWith("t1", "It is grey on every export.");
    const [sent] = await within(card).findAllByTestId("help-reply");
    expect(sent).toHaveTextContent("You");
    expect(sent).toHaveTextContent("It is grey on every export.");
    expect(within(card).queryByLabelText("Your reply")).toBeNull();
  });

  it("says in words why a reply was not sent", async () => {
    vi.mocked(replyToTicket).mockRejectedValue(new Error("support ticket t1 is closed, so nobody reads replies to it; "
      + "ask a new question on the Help page"));
    const [card] = await ticketsShown([WAITING]);
    await userEvent.click(within(card).getByRole("button", { name: "Reply" }));
    await userEvent.type(within(card).getByLabelText("Your reply"), "Hello?");
    await userEvent.click(within(card).getByRole("button", { name: "Send reply" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent(
      "The reply could not be sent: support ticket t1 is closed, so nobody reads replies to it; ask a new question");
  });

  it("closes a question, after which it takes no replies", async () => {
    vi.mocked(closeTicket).mockResolvedValue({ ...WAITING, status: "closed" });
    const [card] = await ticketsShown([WAITING]);
    await userEvent.click(within(card).getByRole("button", { name: "Close question" }));
    expect(closeTicket).toHaveBeenCalledWith("t1");
    expect(await within(card).findByText(/Closed: nobody replies to it any more/)).toBeInTheDocument();
    expect(card).toHaveAttribute("data-status", "closed");
    expect(within(card).queryByRole("button", { name: "Reply" })).toBeNull();
  });

  it("lets staff switch to everyone's questions, each naming who asked", async () => {
    useSession.setState({ state: { status: "signed-in", me: me("staff") } });
    await ticketsShown([WAITING]);
    expect(listSupportTickets).toHaveBeenLastCalledWith(50, false);
    vi.mocked(listSupportTickets).mockResolvedValue([{ ...WAITING, id: "t2", asked_by: "bob@example.com" }]);
    await userEvent.click(screen.getByRole("button", { name: "Everyone's questions" }));
    expect(listSupportTickets).toHaveBeenLastCalledWith(50, true);
    expect(await screen.findByText(/bob@example\.com/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Everyone's questions" })).toHaveAttribute("aria-pressed", "true");
  });

  it("shows no switch to a user, nor to local mode's owner, whose own list is every question", async () => {
    for (const who of [me("user"), me("owner", "local")]) {
      useSession.setState({ state: { status: "signed-in", me: who } });
      vi.mocked(listSupportTickets).mockResolvedValue([]);
      const { unmount } = render(<MemoryRouter><HelpPage /></MemoryRouter>);
      expect(await screen.findByText("No questions yet.")).toBeInTheDocument();
      expect(screen.queryByRole("button", { name: "Everyone's questions" })).toBeNull();
      unmount();
    }
  });
});

describe("a question the docs do not answer", () => {
  const UNANSWERED: SupportTicket = { ...ticket("t1", "xyzzy plugh", "Open the project and choose Share."),
    status: "open", answered_by: null };

  it("waits for the team on a studio with accounts", async () => {
    const [card] = await ticketsShown([UNANSWERED]);
    expect(card).toHaveTextContent("waiting for a person");
    expect(screen.getByTestId("help-intro")).toHaveTextContent("waits for the team, whose reply shows here");
  });

  it("on a local studio says the guide has no answer and where else to look, and waits for nobody", async () => {
    useSession.setState({ state: { status: "signed-in", me: me("owner", "local") } });
    const [card] = await ticketsShown([UNANSWERED]);
    expect(card).toHaveTextContent("the guide has no answer");
    expect(card).not.toHaveTextContent(/waiting|person|team/);
    const intro = screen.getByTestId("help-intro");
    expect(intro).toHaveTextContent("When the guide has no answer, try other words");
    expect(intro).not.toHaveTextContent(/team|person/);
    expect(within(intro).getByRole("link", { name: "Docs" })).toHaveAttribute("href", "/docs");
  });

  it("on a local studio lets the owner add to their own question, which is no staff reply", async () => {
    useSession.setState({ state: { status: "signed-in", me: me("owner", "local") } });
    const [card] = await ticketsShown([UNANSWERED]);
    expect(within(card).queryByRole("button", { name: "Reply" })).toBeNull();
    await userEvent.click(within(card).getByRole("button", { name: "Add to your question" }));
    expect(within(card).queryByLabelText("Your reply")).toBeNull();
    vi.mocked(replyToTicket).mockResolvedValue({ ...UNANSWERED, replies: [reply("asker", "On every export.")] });
    await userEvent.type(within(card).getByLabelText("What to add to your question"), "On every export.");
    await userEvent.click(within(card).getByRole("button", { name: "Add to your question" }));
    expect(replyToTicket).toHaveBeenCalledWith(UNANSWERED.id, "On every export.");
    const added = await within(card).findByTestId("help-reply");
    expect(added).toHaveTextContent("On every export.");
    expect(added).toHaveTextContent(/^You/);  // the one person on a local studio, not "The person who asked"
    expect(card).not.toHaveTextContent(/reply|team/i);
  });
});

describe("a mailed link to a ticket", () => {
  const scrolled = vi.fn();
  beforeEach(() => { scrolled.mockReset(); Element.prototype.scrollIntoView = scrolled; });
  afterEach(() => { delete (Element.prototype as Partial<Element>).scrollIntoView; });

  it("shows the linked ticket once the list is in, and not again after a reply, a close or a new question", async () => {
    const waiting: SupportTicket = { ...ticket("t2", "Why is my export grey?"), status: "open" };
    vi.mocked(listSupportTickets).mockResolvedValue([ticket("t1", "How do I share?"), waiting]);
    render(<MemoryRouter initialEntries={["/help#ticket-t2"]}><HelpPage /></MemoryRouter>);
    await waitFor(() => expect(scrolled).toHaveBeenCalledTimes(1));
    expect(scrolled.mock.contexts[0]).toHaveAttribute("id", "ticket-t2");

    const card = screen.getAllByTestId("help-ticket")[1];
    vi.mocked(replyToTicket).mockResolvedValue({ ...waiting, replies: [reply("asker", "Still grey.", ADA)] });
    await userEvent.click(within(card).getByRole("button", { name: "Reply" }));
    await userEvent.type(within(card).getByLabelText("Your reply"), "Still grey.");
    await userEvent.click(within(card).getByRole("button", { name: "Send reply" }));
    await within(card).findByTestId("help-reply");
    vi.mocked(closeTicket).mockResolvedValue({ ...waiting, status: "closed" });
    await userEvent.click(within(card).getByRole("button", { name: "Close question" }));
    await within(card).findByText(/Closed: nobody replies to it any more/);
    vi.mocked(askSupport).mockResolvedValue(ticket("t3", "Where are my exports?"));
    await userEvent.type(screen.getByLabelText("Your question"), "Where are my exports?");
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await screen.findByText("Where are my exports?");
    expect(scrolled).toHaveBeenCalledTimes(1);
  });
});

describe("a list that could not be loaded", () => {
  it("says so in the list, apart from the question form, and shows Loading again when staff switch lists", async () => {
    useSession.setState({ state: { status: "signed-in", me: me("admin") } });
    vi.mocked(listSupportTickets).mockRejectedValue(new Error("the studio is busy"));
    render(<MemoryRouter><HelpPage /></MemoryRouter>);
    const list = screen.getByRole("region", { name: "Your questions" });
    expect(await within(list).findByRole("alert")).toHaveTextContent("The questions could not be loaded: the studio is busy");
    expect(within(list).queryByText("Loading the questions…")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Ask" }));  // the form's own error stands apart
    expect(screen.getAllByRole("alert").map((alert) => alert.textContent)).toEqual([
      "Write your question first.", "The questions could not be loaded: the studio is busy. Try again."]);

    let answer: (tickets: SupportTicket[]) => void = () => {};
    vi.mocked(listSupportTickets).mockReturnValue(new Promise((resolve) => { answer = resolve; }));
    await userEvent.click(screen.getByRole("button", { name: "Everyone's questions" }));
    const everyone = screen.getByRole("region", { name: "Everyone's questions" });
    expect(within(everyone).getByText("Loading the questions…")).toBeInTheDocument();
    expect(within(everyone).queryByRole("alert")).toBeNull();
    answer([{ ...ticket("t2", "Why is my export grey?"), asked_by: "bob@example.com" }]);
    expect(await within(everyone).findByText(/bob@example\.com/)).toBeInTheDocument();
  });
});
