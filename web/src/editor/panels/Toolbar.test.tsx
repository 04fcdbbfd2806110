// The Run button names the next run's price where runs are charged (accounts mode), and says when the balance
// falls short; local mode, which charges nothing, shows no price.
import { act, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { useRunPrice } from "../hooks/useRunPrice";
import { Toolbar } from "./Toolbar";

const estimate = (charged: boolean, total: number, balance: number | null) => ({
  nodes: [], total, charged, balance, shortfall: balance === null ? 0 : Math.max(0, total - balance),
});

afterEach(() => useRunPrice.setState({ estimate: null }));

describe("the Run button's price", () => {
  it("names the credits a charged run would take, and warns when the balance falls short", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => useRunPrice.setState({ estimate: estimate(true, 12, 100) }));
    expect(screen.getByTestId("run-price")).toHaveTextContent("12 credits");
    expect(screen.getByTestId("run")).toHaveAttribute("title", "Run the graph (Ctrl+Enter): 12 credits");
    act(() => useRunPrice.setState({ estimate: estimate(true, 12, 5) }));
    expect(screen.getByTestId("run")).toHaveAttribute("title",
      "Your balance is 7 credits short of this run's 12 credits.");
  });

  it("shows nothing where runs are free or nothing is charged (local mode)", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => useRunPrice.setState({ estimate: estimate(false, 12, null) }));
    expect(screen.queryByTestId("run-price")).toBeNull();
    act(() => useRunPrice.setState({ estimate: estimate(true, 0, 100) }));
    expect(screen.queryByTestId("run-price")).toBeNull();
  });
});
