// When the live link comes back, the run under way is caught up with the events it missed, and only those.

import { renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunEvent } from "../../api/types";
import { detachRun, followRunOnCanvas } from "../runner";
import { resetEditor, useEditor } from "../store/editorStore";
import { useRefreshRunOnReconnect } from "./useRefreshRunOnReconnect";

// The run's event sockets, fed by the test; animation frames run by the test.
class FakeSocket {
  static opened: FakeSocket[] = [];
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) { FakeSocket.opened.push(this); }
  close() { this.closed = true; }
  send(event: Partial<RunEvent>) {
    this.onmessage?.({ data: JSON.stringify({ run_id: "r1", ts: 0, ...event }) });
  }
}

let frames: FrameRequestCallback[] = [];
const drawFrame = () => {
  const due = frames;
  frames = [];
  for (const callback of due) callback(performance.now());
};
const store = () => useEditor.getState();
const lastSocket = () => FakeSocket.opened[FakeSocket.opened.length - 1];

beforeEach(() => {
  FakeSocket.opened = [];
  frames = [];
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal("cancelAnimationFrame", () => { frames = []; });
  resetEditor();
  store().beginRun(["a", "b"]);
  store().runStarted("r1");
  store().setCollab("live");
});

afterEach(() => {
  detachRun();
  vi.unstubAllGlobals();
});

describe("the run under way after the live link comes back", () => {
  it("reads only the events after the last one shown, and ends as the run did meanwhile", () => {
    renderHook(() => useRefreshRunOnReconnect());
    followRunOnCanvas("r1");
    expect(lastSocket().url).toMatch(/\/api\/v1\/runs\/r1\/events$/);
    lastSocket().send({ seq: 1, type: "run.started" });
    lastSocket().send({ seq: 2, type: "node.started", node_id: "a" });
    lastSocket().send({ seq: 3, type: "node.completed", node_id: "a", outputs: {} });
    drawFrame();
    expect(store().nodeRuns.a.status).toBe("completed");

    store().setCollab("offline");
    store().setCollab("live");
    const before = FakeSocket.opened[0];
    expect(before.closed).toBe(true);
    expect(lastSocket().url).toMatch(/\/api\/v1\/runs\/r1\/events\?after=3$/);

    lastSocket().send({ seq: 4, type: "node.completed", node_id: "b", outputs: {} });
    lastSocket().send({ seq: 5, type: "run.completed" });
    drawFrame();
    expect(store().nodeRuns.b.status).toBe("completed");
    expect(store().runPhase).toBe("completed");
  });

  it("does not count events that were not shown yet when the link was lost", () => {
    renderHook(() => useRefreshRunOnReconnect());
    followRunOnCanvas("r1");
    lastSocket().send({ seq: 1, type: "node.started", node_id: "a" });
    drawFrame();
    lastSocket().send({ seq: 2, type: "node.completed", node_id: "a", outputs: {} });  // arrived, not yet drawn
    store().setCollab("reconnecting");
    store().setCollab("live");
    expect(lastSocket().url).toMatch(/\?after=1$/);
  });

  it("leaves a run that has ended alone", () => {
    renderHook(() => useRefreshRunOnReconnect());
    store().applyRunEvent({ seq: 1, ts: 0, type: "run.completed", run_id: "r1" } as RunEvent);
    store().setCollab("offline");
    store().setCollab("live");
    expect(FakeSocket.opened).toHaveLength(0);
  });
});
