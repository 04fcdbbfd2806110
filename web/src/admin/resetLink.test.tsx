// A password reset where the studio sends no mail: the forgot-password page shows the server's answer (who makes
// the link), and the admin makes a one-time link for the account on the admin page, shown with Copy, when it stops
// working and a line to hand it over privately.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSession } from "../app/session";
import ForgotPasswordPage from "../auth/ForgotPasswordPage";
import AdminPage from "./AdminPage";

const ADMIN = { id: "a".repeat(32), email: "boss@example.com", name: "Boss", role: "admin", credits: 0,
  analytics_opt_out: false, mode: "accounts", csrf_token: "csrf-1" } as const;
const ADA = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 94,
  created_at: "2025-01-01T00:00:00Z" };
const LINK = "http://studio.example/reset-password?token=secret-token";

let calls: string[] = [];
let resetAnswer = "this studio sends no mail, so no link is on its way: ask the person who runs this studio for a reset link";

function reply(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

function serve(url: string, init: RequestInit = {}): Response {
  const method = init.method ?? "GET";
  calls.push(`${method} ${url}`);
  if (url === "/api/v1/auth/password-reset") return reply({ detail: resetAnswer }, 202);
  if (url.startsWith("/api/v1/admin/users?")) return reply({ items: [ADMIN, ADA], total: 2 });
  if (url.startsWith("/api/v1/admin/audit?")) return reply({ items: [], total: 0 });
  if (method === "POST" && url === `/api/v1/admin/users/${ADA.id}/reset-link`) {
    return reply({ url: LINK, expires_at: new Date(Date.now() + 3_600_000).toISOString() }, 201);
  }
  return reply({ detail: "not found", code: "not_found" }, 404);
}

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => {
  vi.unstubAllGlobals();
  useSession.setState({ state: { status: "idle" } });
});

describe("the forgot-password page", () => {
  it.each([
    ["sends no mail",
      "this studio sends no mail, so no link is on its way: ask the person who runs this studio for a reset link",
      "This studio sends no mail, so no link is on its way: ask the person who runs this studio for a reset link"],
    ["mails a link", "if an account uses that email, a link to reset its password is on its way; check the inbox",
      "If an account uses that email, a link to reset its password is on its way; check the inbox"],
  ])("shows what the server says happens next, where the studio %s", async (_where, answer, shown) => {
    resetAnswer = answer;
    render(<MemoryRouter><ForgotPasswordPage /></MemoryRouter>);
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    // Before asking, the page promises no mail: this studio may send none.
    expect(screen.getByTestId("forgot-password-form")).not.toHaveTextContent(/we mail you/i);
    await userEvent.click(screen.getByRole("button", { name: "Send a reset link" }));
    expect(await screen.findByText(shown)).toBeInTheDocument();
  });
});

describe("an admin's reset link", () => {
  // The clock is pinned (Date only, so timers still run): a link made at 23:30 ends tomorrow, and says so.
  afterEach(() => vi.useRealTimers());

  it.each([
    ["in the morning", new Date(2026, 2, 12, 10, 0), /until \d.+ today\./],
    ["late in the evening", new Date(2026, 2, 12, 23, 30), /until \d.+ on 13 Mar\.|until \d.+ on Mar 13\./],
  ])("is made for the account, shown with Copy, when it expires and how to hand it over (made %s)",
    async (_when, now, until) => {
    vi.useFakeTimers({ toFake: ["Date"], now });
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    useSession.setState({ state: { status: "signed-in", me: ADMIN } });
    render(<MemoryRouter><AdminPage /></MemoryRouter>);
    const rows = await screen.findAllByTestId("admin-user");
    await userEvent.click(within(rows[1]).getByRole("button", { name: "Reset link" }));
    const box = await screen.findByTestId("reset-link");
    expect(screen.getByLabelText("Reset link for ada@example.com")).toHaveValue(LINK);
    expect(box).toHaveTextContent("A link for ada@example.com to choose a new password. It works once, until");
    expect(box).toHaveTextContent(until);
    expect(box).toHaveTextContent("Hand it to them privately");
    await userEvent.click(within(box).getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith(LINK);
    expect(within(box).getByRole("button", { name: "Copied" })).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.startsWith("GET /api/v1/admin/audit"))).toHaveLength(2));
    await userEvent.click(within(box).getByRole("button", { name: "Done" }));
    expect(screen.queryByTestId("reset-link")).toBeNull();
  });
});
