// What happens to a workflow, live (the WebSocket at /api/v1/workflows/{id}/activity, with the page's cookie):
// comments posted, changed or deleted, runs started, versions saved, the project renamed. One socket per workflow is shared by every
// listener of the page, and reconnects with backoff when it drops. A WebSocket, not the same path's Server-Sent
// Events: a browser keeps at most six HTTP/1.1 connections to one server, and a stream held open in every editor
// tab took one each (a sixth tab's requests waited, a seventh did not load); sockets are not counted against them,
// and a hidden tab keeps its own, so a run a collaborator starts meanwhile is on its canvas when it comes back.

import type { components } from "./schema.gen";

/** The type of an activity event (`type` in each message). */
export type ActivityType = components["schemas"]["ActivityEvent"];
/** One event: a comment's change (with its thread as it is now), a run started (by whom), a version saved, the
 * project's new title. */
export type ActivityEvent = components["schemas"]["ActivityMessage"];

/** Every type the server sends; a new one in the server's ActivityEvent fails the type check here until listed. */
const KNOWN: Record<ActivityType, true> = {
  "comment.created": true, "comment.updated": true, "comment.deleted": true, "run.started": true,
  "version.created": true, "workflow.renamed": true,
};

/** The server's closes after which connecting again would be refused again: signed out (4401), not on the team
 * (4403), no such workflow or access taken away (4404). After any other (a drop, the server restarting: 1012,
 * this page too far behind: 1000) the page reconnects. */
const FINAL_CLOSES = new Set([4401, 4403, 4404]);
/** Reconnection waits: the first, doubled after each failed try up to the most, each shortened by up to half at
 * random so that tabs dropped together do not come back together. */
export const RECONNECT_MS = { first: 500, most: 10_000 };

type Listener = (event: ActivityEvent) => void;

/** A workflow's socket (null while waiting to reconnect), its listeners, what to read again when it comes back
 * after a drop, and the reconnection's state. */
interface Stream {
  socket: WebSocket | null;
  listeners: Set<Listener>;
  reopened: Set<() => void>;
  dropped: boolean;  // events may have gone by unsent: the next open reads again
  tries: number;  // failed connections since the last open
  retry: ReturnType<typeof setTimeout> | null;
}
const streams = new Map<string, Stream>();

function connect(workflowId: string, stream: Stream): void {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(
    `${scheme}://${window.location.host}/api/v1/workflows/${encodeURIComponent(workflowId)}/activity`);
  stream.socket = socket;
  socket.onopen = () => {
    stream.tries = 0;
    if (!stream.dropped) return;
    stream.dropped = false;
    for (const catchUp of [...stream.reopened]) catchUp();
  };
  socket.onmessage = (message: MessageEvent<unknown>) => {
    if (typeof message.data !== "string") return;
    let event: ActivityEvent;
    try {
      event = JSON.parse(message.data) as ActivityEvent;
    } catch {
      return;  // not an event this page knows
    }
    if (!(event.type in KNOWN)) return;
    for (const listener of [...stream.listeners]) listener(event);
  };
  socket.onclose = (close: CloseEvent) => {
    if (stream.socket !== socket) return;  // closed by this page
    stream.socket = null;
    if (FINAL_CLOSES.has(close.code)) return;
    stream.dropped = true;
    const wait = Math.min(RECONNECT_MS.most, RECONNECT_MS.first * 2 ** stream.tries);
    stream.tries += 1;
    stream.retry = setTimeout(() => {
      stream.retry = null;
      connect(workflowId, stream);
    }, wait * (1 - Math.random() / 2));
  };
}

function close(stream: Stream): void {
  if (stream.retry !== null) clearTimeout(stream.retry);
  const socket = stream.socket;
  stream.socket = null;
  socket?.close();
}

/** Call `listener` with each event of the workflow, and `catchUp` each time the socket comes back after a drop
 * (events meanwhile were not sent: read again what they would have changed), until the returned function is
 * called. */
export function subscribeActivity(workflowId: string, listener: Listener, catchUp?: () => void): () => void {
  if (typeof WebSocket === "undefined") return () => undefined;  // no live updates where there are no sockets
  let stream = streams.get(workflowId);
  if (!stream) {
    stream = { socket: null, listeners: new Set(), reopened: new Set(), dropped: false, tries: 0, retry: null };
    streams.set(workflowId, stream);
    connect(workflowId, stream);
  }
  const mine = stream;
  mine.listeners.add(listener);
  if (catchUp) mine.reopened.add(catchUp);
  return () => {
    mine.listeners.delete(listener);
    if (catchUp) mine.reopened.delete(catchUp);
    if (mine.listeners.size === 0 && streams.get(workflowId) === mine) {
      close(mine);
      streams.delete(workflowId);
    }
  };
}
