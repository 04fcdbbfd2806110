// The status badge: a running node shows its percent when it tells one, and always the time it has taken, unless
// the run is stalled (the studio unreachable, or no worker), which it then says instead.

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

  it("says 99% at most while running: a node that reported all its steps is not done yet", () => {
    render(<StatusBadge run={{ status: "running", fraction: 1, startedAt: 100_000 }} />);
    expect(screen.getByTestId("node-percent")).toHaveTextContent("99%");
  });

  it("shows the elapsed time of a node that gives no fraction", () => {
    render(<StatusBadge run={{ status: "running", fraction: null }} />);
    expect(screen.queryByTestId("node-percent")).toBeNull();
    act(() => { vi.advanceTimersByTime(61_000); });
    expect(screen.getByTestId("node-status")).toHaveTextContent("Running · 1 min 01 s");
  });

  it("stops counting while the studio can't be reached: the node's state is unknown", () => {
    render(<StatusBadge run={{ status: "running", fraction: 0.4, startedAt: 90_000 }} stall="unreachable" />);
    const badge = screen.getByTestId("node-status");
    expect(badge).toHaveTextContent("Unknown");
    expect(badge).toHaveAttribute("data-stall", "unreachable");
    expect(badge.title).toMatch(/can't be reached.*changes are kept.*read again/);
    expect(screen.queryByTestId("node-elapsed")).toBeNull();
  });

  it("says a running node waits for a worker, and what happens next, instead of its timer", () => {
    render(<StatusBadge run={{ status: "running", startedAt: 90_000 }} stall="waiting-for-worker" />);
    const badge = screen.getByTestId("node-status");
    expect(badge).toHaveTextContent("Waiting for a worker");
    expect(badge.title).toMatch(/another worker takes it over.*start one/i);
    expect(screen.queryByTestId("node-elapsed")).toBeNull();
  });

  it("leaves finished nodes as they are while the run is stalled", () => {
    render(<StatusBadge run={{ status: "completed" }} stall="unreachable" />);
    expect(screen.getByTestId("node-status")).toHaveTextContent("Done");
  });

  it("says a node that cannot run can't run", () => {
    render(<StatusBadge run={{ status: "blocked", error: "Connect an image to Blur's Image input" }} />);
    expect(screen.getByTestId("node-status")).toHaveTextContent("Can't run");
    expect(screen.queryByTestId("node-elapsed")).toBeNull();
  });

  it("says a result changed since, and what brings it up to date: a run, or a type this studio knows", () => {
    const done = { status: "completed" as const, outputs: {} };
    const { rerender } = render(<StatusBadge run={done} changed="edited" />);
    const badge = screen.getByTestId("node-status");
    expect(badge).toHaveTextContent("Changed");
    expect(badge.title).toMatch(/run again to update it$/);
    // an undone "Replace with …": running cannot remake it, so the hint does not say to run
    rerender(<StatusBadge run={done} changed="unknown-type" />);
    expect(badge.title).toMatch(/^Changed since its result was made, to a type this studio doesn't know/);
    expect(badge.title).toMatch(/redo the replace, or replace its type with a known one and run again$/);
    rerender(<StatusBadge run={done} changed="unknown-above" />);
    expect(badge.title).toMatch(/a node it needs is of a type this studio doesn't know/);
    expect(badge.title).toMatch(/redo the replace, or replace that node's type with a known one and run again$/);
  });
});

it("writes elapsed times as people read them", () => {
  expect([0, 999, 59_999, 60_000, 125_000].map(formatElapsed)).toEqual(["0 s", "0 s", "59 s", "1 min 00 s",
    "2 min 05 s"]);
});
