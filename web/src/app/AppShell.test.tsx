// The top bar of the pages around the editor (account, docs, help, admin...): its mark leads where the editor's does,
// to the person's projects, or to the landing page for a visitor who is not signed in.
import { act, cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { AppShell } from "./AppShell";
import { useSession } from "./session";

const me = (mode: "local" | "accounts") => ({ id: "u".repeat(32), email: "ada@example.com", name: "Ada",
  role: "user", credits: 100, analytics_opt_out: false, mode, csrf_token: "csrf" }) as const;
const brand = () => screen.getAllByRole("link", { name: /^Karate AI – Design Studio/ });

function page(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes><Route element={<AppShell />}><Route path="*" element={<p>Page</p>} /></Route></Routes>
    </MemoryRouter>,
  );
}

afterEach(() => act(() => useSession.setState({ state: { status: "idle" } })));

describe("the mark on the pages' top bar", () => {
  it.each(["local", "accounts"] as const)("leads to the user's projects, as the editor's does (%s mode)", (mode) => {
    useSession.setState({ state: { status: "signed-in", me: me(mode) } });
    for (const path of ["/account", "/docs", "/help", "/admin"]) {
      page(path);
      expect(brand()).toHaveLength(2);  // the short name on a phone, the whole one from sm up
      for (const link of brand()) {
        expect(link).toHaveAttribute("href", "/dashboard");
        expect(link).toHaveAccessibleName("Karate AI – Design Studio: Your projects");
      }
      cleanup();
    }
  });

  it("leads a visitor who is not signed in to the landing page", () => {
    useSession.setState({ state: { status: "signed-out", reason: null } });
    page("/docs");
    for (const link of brand()) {
      expect(link).toHaveAttribute("href", "/");
      expect(link).toHaveAccessibleName("Karate AI – Design Studio");
    }
  });
});
