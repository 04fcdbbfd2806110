// The top bar's credit balance (accounts mode): the session's balance, following it as runs spend it, opening the
// account page's credits; nothing in local mode or signed out.
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { CreditBalance } from "./CreditBalance";
import { updateMe, useSession } from "./session";

const ME = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 100,
  analytics_opt_out: false, mode: "accounts", csrf_token: "csrf-1" } as const;

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.hash}</p>;
}

function bar() {
  render(
    <MemoryRouter initialEntries={["/dashboard"]}>
      <CreditBalance />
      <Routes><Route path="*" element={<Where />} /></Routes>
    </MemoryRouter>,
  );
}

afterEach(() => useSession.setState({ state: { status: "idle" } }));

describe("the credit balance in the top bar", () => {
  it("shows the balance, follows it as a run spends credits, and opens the account's credits", async () => {
    useSession.setState({ state: { status: "signed-in", me: ME } });
    bar();
    expect(screen.getByTestId("credit-balance")).toHaveTextContent("100 credits");
    act(() => updateMe({ credits: 94 }));  // what the estimate after a run says
    expect(screen.getByTestId("credit-balance")).toHaveTextContent("94 credits");
    await userEvent.click(screen.getByTestId("credit-balance"));
    expect(screen.getByTestId("where")).toHaveTextContent("/account#credits");
  });

  it.each([
    ["in local mode", { status: "signed-in", me: { ...ME, mode: "local", role: "owner" } }],
    ["signed out", { status: "signed-out", reason: null }],
  ] as const)("is not shown %s", (_when, state) => {
    useSession.setState({ state });
    bar();
    expect(screen.queryByTestId("credit-balance")).toBeNull();
  });
});
