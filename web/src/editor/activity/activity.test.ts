// The activity stream: one EventSource per workflow however many listeners, each named event handed to them,
// and a catch-up when the stream comes back after a drop. Runs are shared: a run a collaborator starts shows
// on this page's canvas with a notice naming them, unless it is this page's own or this page's own is live.
import { act } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { subscribeActivity, type ActivityEvent } from "../../api/activity";
import { useSession } from "../../app/session";
import { resetEditor, useEditor } from "../store/editorStore";
import { onRunStarted } from "./sharedRuns";

class FakeEventSource {
  static made: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  private named = new Map<string, ((message: MessageEvent<string>) => void)[]>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, listener: (message: MessageEvent<string>) => void) {
    this.named.set(type, [...(this.named.get(type) ?? []), listener]);
  }
  close() { this.closed = true; }
  /** The server sends `event: type` and `data: JSON`. */
  send(event: ActivityEvent) {
    for (const listener of this.named.get(event.type) ?? []) {
      listener(new MessageEvent(event.type, { data: JSON.stringify(event) }));
    }
  }
}

const BOB = { id: "u-bob", name: "Bob" };
const started = (runId: string, user = BOB): ActivityEvent =>
  ({ type: "run.started", workflow_id: "w1", ts: 1, run_id: runId, user });
const RUN = { id: "r-bob", workflow_id: "w1", version_id: "v2", version: { id: "v2", number: 2, kind: "run",
  name: null }, status: "completed", error: null, targets: null, created_at: null, started_at: null,
  finished_at: null, events_url: "/api/v1/runs/r-bob/events", nodes: {} };

beforeEach(() => {
  FakeEventSource.made = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.stubGlobal("fetch", vi.fn((url: string) => Promise.resolve(url === "/api/v1/runs/r-bob"
    ? new Response(JSON.stringify(RUN)) : new Response("{}", { status: 404 }))));
  resetEditor();
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
});

afterEach(() => {
  vi.unstubAllGlobals();
  useSession.setState({ state: { status: "idle" } });
});

describe("the activity stream", () => {
  it("shares one stream among listeners, hands each its events, and catches up after a drop", () => {
    const first: string[] = [];
    const second: string[] = [];
    const catchUp = vi.fn();
    const stopFirst = subscribeActivity("w1", (event) => first.push(event.type), catchUp);
    const stopSecond = subscribeActivity("w1", (event) => second.push(event.type));
    expect(FakeEventSource.made).toHaveLength(1);
    const source = FakeEventSource.made[0];
    expect(source.url).toBe("/api/v1/workflows/w1/activity");
    source.send(started("r1"));
    source.send({ type: "comment.created", workflow_id: "w1", ts: 2, comment_id: "c", thread_id: "c", thread: null });
    expect(first).toEqual(["run.started", "comment.created"]);
    expect(second).toEqual(first);
    source.onopen?.();  // the first connection
    expect(catchUp).not.toHaveBeenCalled();
    source.onopen?.();  // back after a drop
    expect(catchUp).toHaveBeenCalledOnce();
    stopFirst();
    expect(source.closed).toBe(false);
    stopSecond();
    expect(source.closed).toBe(true);
  });
});

describe("a hidden page", () => {
  it("closes its streams, and reopens them and reads again what they would have told once shown", () => {
    let isHidden = false;
    Object.defineProperty(document, "hidden", { configurable: true, get: () => isHidden });
    try {
      const seen: string[] = [];
      const catchUp = vi.fn();
      const stop = subscribeActivity("w1", (event) => seen.push(event.type), catchUp);
      const first = FakeEventSource.made[0];
      isHidden = true;
      document.dispatchEvent(new Event("visibilitychange"));
      expect(first.closed).toBe(true);  // a background tab holds none of the browser's six connections
      isHidden = false;
      document.dispatchEvent(new Event("visibilitychange"));
      expect(FakeEventSource.made).toHaveLength(2);
      const again = FakeEventSource.made[1];
      again.onopen?.();  // connected again: what happened while hidden is read again
      expect(catchUp).toHaveBeenCalledOnce();
      again.send(started("r2"));
      expect(seen).toEqual(["run.started"]);
      stop();
      expect(again.closed).toBe(true);

      isHidden = true;  // a page opened in the background connects once shown
      const later = subscribeActivity("w2", () => undefined);
      expect(FakeEventSource.made).toHaveLength(2);
      isHidden = false;
      document.dispatchEvent(new Event("visibilitychange"));
      expect(FakeEventSource.made[2].url).toBe("/api/v1/workflows/w2/activity");
      later();
    } finally {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
    }
  });
});

describe("a run a collaborator starts", () => {
  it("shows on the canvas, with a notice naming who started it", async () => {
    useEditor.setState({ runId: "r-old", runPhase: "completed" });
    await act(async () => {
      onRunStarted(started("r-bob") as Extract<ActivityEvent, { type: "run.started" }>);
      await vi.waitFor(() => expect(useEditor.getState().runId).toBe("r-bob"));
    });
    expect(useEditor.getState().notice?.message).toBe("Bob started a run.");
    expect(useEditor.getState().pickedRun).toBeNull();  // the latest run, not an older one picked
  });

  it("leaves this page's own live run on screen, and says where the other one is", () => {
    useEditor.setState({ runId: "r-mine", runPhase: "running" });
    onRunStarted(started("r-bob") as Extract<ActivityEvent, { type: "run.started" }>);
    expect(useEditor.getState().runId).toBe("r-mine");
    expect(useEditor.getState().notice?.message).toBe("Bob started a run: see it in History once yours ends.");
  });

  it("is not announced when it is this page's own (shown already, or being started)", () => {
    useEditor.setState({ runId: "r-mine", runPhase: "running" });
    onRunStarted(started("r-mine") as Extract<ActivityEvent, { type: "run.started" }>);
    useEditor.setState({ runId: null, runPhase: "starting" });
    onRunStarted(started("r-new") as Extract<ActivityEvent, { type: "run.started" }>);
    expect(useEditor.getState().notice).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });
});
