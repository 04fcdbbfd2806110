// The activity socket: one WebSocket per workflow however many listeners, each event handed to them, reconnection
// with backoff after a drop (not after a refusal) and a catch-up when it comes back. Runs are shared: a run a
// collaborator starts shows on this page's canvas with a notice naming them, unless it is this page's own or this
// page's own is live.
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RECONNECT_MS, subscribeActivity, type ActivityEvent } from "../../api/activity";
import { useSession } from "../../app/session";
import { resetEditor, useEditor } from "../store/editorStore";
import { useVersions } from "../versions/store";
import { onRunStarted } from "./sharedRuns";
import { useActivity } from "./useActivity";

class FakeWebSocket {
  static made: FakeWebSocket[] = [];
  readonly url: string;
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent<unknown>) => void) | null = null;
  onclose: ((close: CloseEvent) => void) | null = null;
  constructor(url: string) {
    this.url = url;
    FakeWebSocket.made.push(this);
  }
  close() { this.closed = true; }
  /** The server sends each event as one JSON text message. */
  send(event: ActivityEvent) { this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(event) })); }
  /** The server closes the socket, or the connection drops (1006). */
  end(code: number) { this.onclose?.(new CloseEvent("close", { code })); }
}

const BOB = { id: "u-bob", name: "Bob" };
const started = (runId: string, user = BOB): ActivityEvent =>
  ({ type: "run.started", workflow_id: "w1", ts: 1, run_id: runId, user });
const RUN = { id: "r-bob", workflow_id: "w1", version_id: "v2", version: { id: "v2", number: 2, kind: "run",
  name: null }, status: "completed", error: null, targets: null, created_at: null, started_at: null,
  finished_at: null, events_url: "/api/v1/runs/r-bob/events", nodes: {} };

beforeEach(() => {
  FakeWebSocket.made = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("fetch", vi.fn((url: string) => Promise.resolve(url === "/api/v1/runs/r-bob"
    ? new Response(JSON.stringify(RUN)) : new Response("{}", { status: 404 }))));
  resetEditor();
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
});

afterEach(() => {
  vi.unstubAllGlobals();
  useSession.setState({ state: { status: "idle" } });
});

describe("the activity socket", () => {
  it("is shared among listeners, hands each its events, and catches up after a drop", () => {
    vi.useFakeTimers();
    try {
      const first: string[] = [];
      const second: string[] = [];
      const catchUp = vi.fn();
      const stopFirst = subscribeActivity("w1", (event) => first.push(event.type), catchUp);
      const stopSecond = subscribeActivity("w1", (event) => second.push(event.type));
      expect(FakeWebSocket.made).toHaveLength(1);
      const socket = FakeWebSocket.made[0];
      expect(socket.url).toBe(`ws://${window.location.host}/api/v1/workflows/w1/activity`);
      socket.onopen?.();  // the first connection: nothing to catch up on
      socket.send(started("r1"));
      socket.send({ type: "comment.created", workflow_id: "w1", ts: 2, comment_id: "c", thread_id: "c",
        thread: null });
      expect(first).toEqual(["run.started", "comment.created"]);
      expect(second).toEqual(first);
      expect(catchUp).not.toHaveBeenCalled();

      socket.end(1012);  // the server restarts (or, 1000, this page fell behind): try again, sooner or later
      vi.advanceTimersByTime(RECONNECT_MS.first);
      expect(FakeWebSocket.made).toHaveLength(2);
      FakeWebSocket.made[1].end(1006);  // still down: the next try waits longer
      vi.advanceTimersByTime(RECONNECT_MS.first);
      expect(FakeWebSocket.made).toHaveLength(2);
      vi.advanceTimersByTime(RECONNECT_MS.first * 2);
      expect(FakeWebSocket.made).toHaveLength(3);
      const back = FakeWebSocket.made[2];
      back.onopen?.();  // back: what happened meanwhile was not sent, so it is read again
      expect(catchUp).toHaveBeenCalledOnce();
      back.send(started("r2"));
      expect(first).toEqual(["run.started", "comment.created", "run.started"]);

      stopFirst();
      expect(back.closed).toBe(false);
      stopSecond();
      expect(back.closed).toBe(true);
      vi.advanceTimersByTime(RECONNECT_MS.most * 2);
      expect(FakeWebSocket.made).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not come back when the server refused it or took access away", () => {
    vi.useFakeTimers();
    try {
      for (const code of [4401, 4403, 4404]) {
        const stop = subscribeActivity("w1", () => undefined);
        FakeWebSocket.made.at(-1)?.end(code);
        vi.advanceTimersByTime(RECONNECT_MS.most * 2);
        stop();
      }
      expect(FakeWebSocket.made).toHaveLength(3);
    } finally {
      vi.useRealTimers();
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

describe("coming back online", () => {
  it("reads the comments and versions again once the live document is back, clearing an error read offline",
    async () => {
      const asked: string[] = [];
      vi.stubGlobal("fetch", vi.fn((url: string) => {
        asked.push(url);
        if (url === "/api/v1/workflows/w1/versions") return Promise.resolve(new Response(JSON.stringify({ items: [] })));
        if (url === "/api/v1/workflows/w1/comments") return Promise.resolve(new Response(JSON.stringify({ items: [] })));
        return Promise.resolve(new Response("{}", { status: 404 }));
      }));
      useSession.setState({ state: { status: "signed-in", me: { id: "u-me", email: "ada@example.com", name: "Ada",
        role: "user", credits: 100, analytics_opt_out: false, mode: "accounts", csrf_token: "csrf" } } });
      useVersions.setState({ workflowId: "w1", status: "error", error: "Can't reach the studio." });
      act(() => useEditor.setState({ collab: "live" }));
      const { unmount } = renderHook(() => useActivity("w1"));
      act(() => useEditor.setState({ collab: "offline" }));
      asked.length = 0;
      act(() => useEditor.setState({ collab: "live" }));
      expect(asked).toEqual(expect.arrayContaining(["/api/v1/workflows/w1/comments", "/api/v1/workflows/w1/versions"]));
      await waitFor(() => expect(useVersions.getState().status).toBe("ready"));
      unmount();
    });
});
