import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { followRun } from "./runs";
import type { RunEvent } from "./types";

// A socket the test feeds by hand, and animation frames the test runs by hand.
class FakeSocket {
  static last: FakeSocket;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) { FakeSocket.last = this; }
  close() { this.closed = true; }
  send(event: Partial<RunEvent>) {
    this.onmessage?.({ data: JSON.stringify({ run_id: "r1", ts: 0, ...event }) });
  }
}

let frames: FrameRequestCallback[] = [];
const nextFrame = () => {
  const due = frames;
  frames = [];
  for (const callback of due) callback(performance.now());
};

beforeEach(() => {
  frames = [];
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal("cancelAnimationFrame", () => { frames = []; });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("following a run", () => {
  it("hands over everything that arrived before a frame as one batch, in order", () => {
    const batches: number[][] = [];
    followRun("r1", (events) => batches.push(events.map((event) => event.seq)));
    for (let seq = 1; seq <= 5; seq++) FakeSocket.last.send({ seq, type: "node.started", node_id: `n${seq}` });
    expect(batches).toEqual([]);  // nothing until the page draws its next frame
    nextFrame();
    FakeSocket.last.send({ seq: 6, type: "node.started", node_id: "n6" });
    nextFrame();
    expect(batches).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it("spreads a burst over a few frames instead of one long one, and ends with the run's last event", () => {
    const batches: RunEvent[][] = [];
    followRun("r1", (events) => batches.push(events));
    const burst = 600;
    for (let seq = 1; seq < burst; seq++) FakeSocket.last.send({ seq, type: "node.cached", node_id: `n${seq}` });
    FakeSocket.last.send({ seq: burst, type: "run.completed" });
    expect(FakeSocket.last.closed).toBe(true);  // the run is over: nothing more to listen to
    for (let frame = 0; frame < 20 && frames.length; frame++) nextFrame();
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat().map((event) => event.seq)).toEqual(Array.from({ length: burst }, (_, i) => i + 1));
    expect(batches.at(-1)!.at(-1)!.type).toBe("run.completed");
  });

  it("drops a repeated event (a resumed stream sends again from the last one seen)", () => {
    const seen: number[] = [];
    followRun("r1", (events) => seen.push(...events.map((event) => event.seq)));
    FakeSocket.last.send({ seq: 1, type: "node.started", node_id: "a" });
    FakeSocket.last.send({ seq: 1, type: "node.started", node_id: "a" });
    nextFrame();
    expect(seen).toEqual([1]);
  });

  it("still hands events over in a hidden tab, which gets no animation frames", () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    followRun("r1", (events) => seen.push(...events.map((event) => event.seq)));
    FakeSocket.last.send({ seq: 1, type: "node.started", node_id: "a" });
    vi.advanceTimersByTime(300);
    expect(seen).toEqual([1]);
  });

  it("follows from after a given seq: asks the server for what comes after it, and drops anything up to it", () => {
    const seen: number[] = [];
    followRun("r1", (events) => seen.push(...events.map((event) => event.seq)), 7);
    expect(FakeSocket.last.url).toMatch(/\/api\/v1\/runs\/r1\/events\?after=7$/);
    FakeSocket.last.send({ seq: 7, type: "node.started", node_id: "a" });
    FakeSocket.last.send({ seq: 8, type: "node.completed", node_id: "a" });
    nextFrame();
    expect(seen).toEqual([8]);
  });

  it("hands over nothing once stopped", () => {
    const seen: number[] = [];
    const stop = followRun("r1", (events) => seen.push(...events.map((event) => event.seq)));
    FakeSocket.last.send({ seq: 1, type: "node.started", node_id: "a" });
    stop();
    nextFrame();
    expect(seen).toEqual([]);
    expect(FakeSocket.last.closed).toBe(true);
  });
});
