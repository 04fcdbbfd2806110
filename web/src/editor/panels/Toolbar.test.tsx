// The Run button names the next run's price where runs are charged (accounts mode), and says when the balance
// falls short, offering to buy credits where the studio sells them; local mode, which charges nothing, shows no
// price. Signed out (a public project), Run asks to sign in.
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { useCreditsForSale } from "../../app/buyCredits";
import { useSession } from "../../app/session";
import { setRunEstimate } from "../hooks/useRunPrice";
import { Toolbar } from "./Toolbar";

const estimate = (charged: boolean, total: number, balance: number | null) => ({
  nodes: [], total, charged, balance, shortfall: balance === null ? 0 : Math.max(0, total - balance),
});

afterEach(() => {
  setRunEstimate(null);
  useCreditsForSale.setState({ forSale: null });
  useSession.setState({ state: { status: "idle" } });
});

describe("the Run button's price", () => {
  it("names the credits a charged run would take, and warns when the balance falls short", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => setRunEstimate(estimate(true, 12, 100)));
    expect(screen.getByTestId("run-price")).toHaveTextContent("12 credits");
    expect(screen.getByTestId("run")).toHaveAttribute("title", "Run the graph (Ctrl+Enter): 12 credits");
    act(() => setRunEstimate(estimate(true, 12, 5)));
    expect(screen.getByTestId("run")).toHaveAttribute("title",
      "Your balance is 7 credits short of this run's 12 credits.");
  });

  it("shows nothing where runs are free or nothing is charged (local mode)", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => setRunEstimate(estimate(false, 12, null)));
    expect(screen.queryByTestId("run-price")).toBeNull();
    act(() => setRunEstimate(estimate(true, 0, 100)));
    expect(screen.queryByTestId("run-price")).toBeNull();
  });

  it("offers to buy credits when the balance falls short, where the studio sells them", async () => {
    useCreditsForSale.setState({ forSale: true });
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => setRunEstimate(estimate(true, 12, 100)));
    expect(screen.queryByTestId("buy-for-run")).toBeNull();
    act(() => setRunEstimate(estimate(true, 312, 100)));
    await userEvent.click(screen.getByTestId("buy-for-run"));
    expect(screen.getByRole("dialog", { name: "Buy credits" })).toHaveTextContent("212 credits short");
    expect(screen.getByLabelText("Credits to buy")).toHaveValue(212);
    act(() => useCreditsForSale.setState({ forSale: false }));
    expect(screen.queryByTestId("buy-for-run")).toBeNull();
  });

  it("asks a signed-out visitor of a public project to sign in to run", () => {
    useSession.setState({ state: { status: "signed-out", reason: null } });
    render(<MemoryRouter initialEntries={["/editor?id=abc"]}><Toolbar /></MemoryRouter>);
    expect(screen.getByTestId("run")).toHaveTextContent("Sign in to run");
    expect(screen.getByTestId("run")).toHaveAttribute("href", `/signin?next=${encodeURIComponent("/editor?id=abc")}`);
  });
});
