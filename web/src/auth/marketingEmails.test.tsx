// The emails of tips, as a person turns them off: on the account page, a switch that says what they are and keeps
// the server's answer (or says why it could not); from the link at the end of an email, without signing in, a page
// that stops them on opening, says so, and undoes it with one button.
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listApiKeys } from "../api/auth";
import { ApiError } from "../api/client";
import { getCredits } from "../api/credits";
import { resubscribe, unsubscribe } from "../api/marketing";
import { updateProfile } from "../api/me";
import { useSession } from "../app/session";
import AccountPage from "./AccountPage";
import UnsubscribePage from "./UnsubscribePage";

vi.mock("../api/me", () => ({ updateProfile: vi.fn() }));
vi.mock("../api/marketing", () => ({ unsubscribe: vi.fn(), resubscribe: vi.fn() }));
vi.mock("../api/credits", () => ({ getCredits: vi.fn() }));
vi.mock("../api/auth", async (original) => ({ ...await original<typeof import("../api/auth")>(),
  listApiKeys: vi.fn() }));

const ADA = "ada@example.com";
const ME = { id: "u".repeat(32), email: ADA, name: "Ada", role: "user", credits: 100, analytics_opt_out: false,
  marketing_emails: true, mode: "accounts", csrf_token: "csrf-1" } as const;

beforeEach(() => {
  vi.mocked(getCredits).mockReturnValue(new Promise(() => {}));
  vi.mocked(listApiKeys).mockResolvedValue([]);
  vi.mocked(updateProfile).mockReset();
  vi.mocked(unsubscribe).mockReset();
  vi.mocked(resubscribe).mockReset();
  useSession.setState({ state: { status: "signed-in", me: ME } });
});
afterEach(() => useSession.setState({ state: { status: "idle" } }));

const tips = () => screen.getByRole("checkbox", { name: /Tips after a week away/ });
const signedInMe = () => {
  const { state } = useSession.getState();
  return state.status === "signed-in" ? state.me : null;
};

describe("the account page's emails", () => {
  it("turns the tips off and on again, keeping what the studio answered", async () => {
    render(<MemoryRouter><AccountPage /></MemoryRouter>);
    expect(tips()).toBeChecked();

    vi.mocked(updateProfile).mockResolvedValue({ ...ME, marketing_emails: false });
    await userEvent.click(tips());
    expect(updateProfile).toHaveBeenCalledWith({ marketing_emails: false });
    await waitFor(() => expect(tips()).not.toBeChecked());
    expect(signedInMe()?.marketing_emails).toBe(false);

    vi.mocked(updateProfile).mockResolvedValue({ ...ME, marketing_emails: true });
    await userEvent.click(tips());
    expect(updateProfile).toHaveBeenLastCalledWith({ marketing_emails: true });
    await waitFor(() => expect(tips()).toBeChecked());
  });

  it("says why the choice was not saved, and shows the one the studio kept", async () => {
    vi.mocked(updateProfile).mockRejectedValue(new ApiError(503, "the studio is busy; try again", [], "unavailable"));
    render(<MemoryRouter><AccountPage /></MemoryRouter>);
    await userEvent.click(tips());
    expect(await screen.findByRole("alert")).toHaveTextContent("The studio is busy; try again");
    expect(tips()).toBeChecked();
  });
});

function unsubscribePage(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes><Route path="/unsubscribe" element={<UnsubscribePage />} /></Routes>
    </MemoryRouter>,
  );
}

describe("the unsubscribe link's page", () => {
  beforeEach(() => useSession.setState({ state: { status: "signed-out", reason: null } }));

  it("stops the emails on opening, says so, and undoes it with one button", async () => {
    vi.mocked(unsubscribe).mockResolvedValue({ email: ADA, marketing_emails: false });
    unsubscribePage("/unsubscribe?token=u1.sig");
    expect(await screen.findByRole("status")).toHaveTextContent(
      `Done: ${ADA} gets no more emails of tips from the studio.`);
    expect(unsubscribe).toHaveBeenCalledExactlyOnceWith("u1.sig");
    expect(screen.getByText(/turn them on again any time on your account page/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Your account's emails" })).toHaveAttribute("href", "/account#emails");

    vi.mocked(resubscribe).mockResolvedValue({ email: ADA, marketing_emails: true });
    await userEvent.click(screen.getByRole("button", { name: "Send me tips again" }));
    expect(resubscribe).toHaveBeenCalledWith("u1.sig");
    expect(await screen.findByRole("status")).toHaveTextContent(`${ADA} gets the emails of tips again.`);
    expect(screen.getByRole("button", { name: "Stop them again" })).toBeInTheDocument();
  });

  it("keeps the account page of this browser's own sign-in in step", async () => {
    useSession.setState({ state: { status: "signed-in", me: ME } });
    vi.mocked(unsubscribe).mockResolvedValue({ email: ADA, marketing_emails: false });
    unsubscribePage("/unsubscribe?token=u1.sig");
    await screen.findByRole("status");
    expect(signedInMe()?.marketing_emails).toBe(false);
  });

  it("says in words when the link is not valid, or cut short", async () => {
    vi.mocked(unsubscribe).mockRejectedValue(new ApiError(422, "this unsubscribe link is not valid (cut short, or "
      + "from another studio)", [], "invalid_request"));
    unsubscribePage("/unsubscribe?token=u1.bad");
    expect(await screen.findByRole("alert")).toHaveTextContent("This unsubscribe link is not valid");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("asks for the whole link when it carries no token, and sends nothing", () => {
    unsubscribePage("/unsubscribe");
    expect(screen.getByRole("alert")).toHaveTextContent("This page needs the whole link from the email");
    expect(unsubscribe).not.toHaveBeenCalled();
  });
});
