// The status badge: a running node shows its percent when it tells one, and always the time it has taken.

import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatElapsed } from "./elapsed";
import { StatusBadge } from "./StatusBadge";

describe("StatusBadge", () => {
  beforeEach(() => vi.useFakeTimers({ now: 100_000 }));
  afterEach(() => vi.useRealTimers());

  it("shows the percent and the seconds since the node started, ticking", () => {
    render(<StatusBadge run={{ status: "running", fraction: 0.42, startedAt: 100_000 - 3_200 }} />);
    expect(screen.getByTestId("node-status")).toHaveTextContent("Running 42% · 3 s");
    act(() => { vi.advanceTimersByTime(2_000); });
    expect(screen.getByTestId("node-elapsed")).toHaveTextContent("5 s");
  });

  it("shows the elapsed time of a node that gives no fraction", () => {
    render(<StatusBadge run={{ status: "running", fraction: null }} />);
    expect(screen.queryByTestId("node-percent")).toBeNull();
    act(() => { vi.advanceTimersByTime(61_000); });
    expect(screen.getByTestId("node-status")).toHaveTextContent("Running · 1 min 01 s");
  });

  it("says a node that cannot run can't run", () => {
    render(<StatusBadge run={{ status: "blocked", error: "input 'image' (image) needs a connection" }} />);
    expect(screen.getByTestId("node-status")).toHaveTextContent("Can't run");
    expect(screen.queryByTestId("node-elapsed")).toBeNull();
  });
});

it("writes elapsed times as people read them", () => {
  expect([0, 999, 59_999, 60_000, 125_000].map(formatElapsed)).toEqual(["0 s", "0 s", "59 s", "1 min 00 s",
    "2 min 05 s"]);
});
