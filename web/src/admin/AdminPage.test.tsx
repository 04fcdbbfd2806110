// /admin opened by someone it is not for (a bookmark, a colleague's link) says so in words, and whom to ask, instead of
// sending them to their projects without one: a signed-in member or staff account is pointed to the Help page, where
// the studio's team (its admins among them) answers; a local studio's owner is told it has no admin page.

import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { RequireSession } from "../app/RequireSession";
import { useSession } from "../app/session";
import AdminPage from "./AdminPage";

const me = (role: "user" | "staff" | "admin" | "owner", mode: "accounts" | "local" = "accounts") => ({
  id: "u".repeat(32), email: "ada@example.com", name: "Ada", role, credits: 100, analytics_opt_out: false, mode,
  csrf_token: "csrf" }) as const;

function openAdmin() {
  render(
    <MemoryRouter initialEntries={["/admin"]}>
      <Routes>
        <Route element={<RequireSession />}>
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/dashboard" element={<p>Your projects</p>} />
          <Route path="/help" element={<p>Help page</p>} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => act(() => useSession.setState({ state: { status: "idle" } })));

describe("the admin page opened by someone who is not an admin", () => {
  it.each(["user", "staff"] as const)("tells a %s account it is for admins, and to ask on Help", async (role) => {
    useSession.setState({ state: { status: "signed-in", me: me(role) } });
    openAdmin();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("The admin pages are for this studio's admins");
    expect(screen.getByTestId("admins-only")).toHaveTextContent(
      "You're signed in as ada@example.com, which is not an admin account");
    expect(screen.getByTestId("admins-only")).toHaveTextContent("ask the studio's team on the Help page");
    expect(screen.queryByText("Your projects")).toBeNull();  // not sent away without a word
    expect(screen.getByRole("link", { name: "Go to your projects" })).toHaveAttribute("href", "/dashboard");
    await userEvent.click(screen.getByRole("link", { name: "Ask on the Help page" }));
    expect(screen.getByText("Help page")).toBeInTheDocument();
  });

  it("tells a local studio's owner it has no admin page, and why", () => {
    useSession.setState({ state: { status: "signed-in", me: me("owner", "local") } });
    openAdmin();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("This studio has no admin page");
    expect(screen.getByTestId("admins-only")).toHaveTextContent("without accounts");
    expect(screen.queryByRole("link", { name: "Ask on the Help page" })).toBeNull();
    expect(screen.getByRole("link", { name: "Go to your projects" })).toHaveAttribute("href", "/dashboard");
  });
});
