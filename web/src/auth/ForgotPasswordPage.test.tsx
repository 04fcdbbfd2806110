// The forgot-password page: the email typed on the sign-in page comes along with "Forgot password?", an email
// that is no address is refused in sign-up's words, and the command that makes the link is never broken at its
// hyphen.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSession } from "../app/session";
import ForgotPasswordPage from "./ForgotPasswordPage";
import SignInPage from "./SignInPage";

const BY_HAND = "this studio sends no mail, so no link is on its way: ask the person who runs this studio for a reset "
  + "link. They make one by running “karate reset-link” with your email where the studio runs, or, if the studio "
  + "has an admin, on its admin page";

function reply(body: unknown, status: number) {
  return new Response(JSON.stringify(body), { status });
}

/** The studio's answers: signed out; a reset asked for "bob@" refused as sign-up refuses it. */
function serve(url: string, init: RequestInit = {}): Response {
  if (url === "/api/v1/auth/password-reset") {
    const { email } = JSON.parse(init.body as string) as { email: string };
    return email.includes(".") ? reply({ detail: BY_HAND }, 202)
      : reply({ detail: `'${email}' is not an email address; write it as name@example.com`,
        code: "invalid_request" }, 422);
  }
  return reply({ detail: "sign in to use the studio", code: "unauthorized" }, 401);
}

beforeEach(() => {
  useSession.setState({ state: { status: "idle" } });
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => vi.unstubAllGlobals());

function app(start: string) {
  return render(
    <MemoryRouter initialEntries={[start]}>
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe("the forgot-password page", () => {
  it("keeps the email typed on the sign-in page", async () => {
    app("/signin");
    await userEvent.type(await screen.findByLabelText("Email"), " bob@example.com");
    await userEvent.click(screen.getByRole("link", { name: "Forgot password?" }));
    expect(await screen.findByRole("button", { name: "Send a reset link" })).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveValue("bob@example.com");
  });

  it("starts empty when opened by itself", async () => {
    app("/forgot-password");
    expect(await screen.findByLabelText("Email")).toHaveValue("");
  });

  it("says an email that is no address is not one, as sign-up does", async () => {
    app("/forgot-password");
    await userEvent.type(await screen.findByLabelText("Email"), "bob@");
    await userEvent.click(screen.getByRole("button", { name: "Send a reset link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "'bob@' is not an email address; write it as name@example.com");
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("shows the command that makes the link as code, on one line", async () => {
    app("/forgot-password");
    await userEvent.type(await screen.findByLabelText("Email"), "bob@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send a reset link" }));
    const said = await screen.findByRole("status");
    expect(said).toHaveTextContent("They make one by running karate reset-link with your email where the studio runs");
    const command = said.querySelector("code");
    expect(command).toHaveTextContent(/^karate reset-link$/);
    expect(command).toHaveClass("whitespace-nowrap");
  });
});
