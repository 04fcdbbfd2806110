// What happens to a workflow, live (GET /api/v1/workflows/{id}/activity, server-sent events with the page's
// cookie): comments posted, changed or deleted, runs started, versions saved. One stream per workflow is shared by
// every listener of the page; the browser's EventSource reconnects by itself when the connection drops. A hidden
// page closes its streams and reopens them when shown (`watchVisibility`).

import type { components } from "./schema.gen";

/** The type of an activity event (the SSE `event:` name, and `type` in its data). */
export type ActivityType = components["schemas"]["ActivityEvent"];
/** One event: a comment's change (with its thread as it is now), a run started (by whom), a version saved. */
export type ActivityEvent = components["schemas"]["ActivityMessage"];

/** Every type the server sends; a new one in the server's ActivityEvent fails the type check here until listed. */
const KNOWN: Record<ActivityType, true> = {
  "comment.created": true, "comment.updated": true, "comment.deleted": true, "run.started": true,
  "version.created": true,
};
export const ACTIVITY_TYPES = Object.keys(KNOWN) as ActivityType[];

type Listener = (event: ActivityEvent) => void;

/** A workflow's stream: its EventSource while the page is shown (null while it is hidden), its listeners, and what
 * to read again when it comes back. */
interface Stream { source: EventSource | null; listeners: Set<Listener>; reopened: Set<() => void> }
const streams = new Map<string, Stream>();

/** Open the stream's EventSource; `missed`: events may have gone by before it (the page was hidden), so its first
 * connection reads again too, as every later one does. */
function connect(workflowId: string, stream: Stream, missed = false): void {
  const source = new EventSource(`/api/v1/workflows/${encodeURIComponent(workflowId)}/activity`,
    { withCredentials: true });
  stream.source = source;
  let opened = missed;
  source.onopen = () => {  // back after a drop: what happened meanwhile was not sent, so it is read again
    if (opened) for (const catchUp of [...stream.reopened]) catchUp();
    opened = true;
  };
  const deliver = (raw: string, name?: ActivityType) => {
    let event: ActivityEvent;
    try {
      event = JSON.parse(raw) as ActivityEvent;
    } catch {
      return;  // a keep-alive or a line this page does not know
    }
    if (!(event.type in KNOWN) || (name && event.type !== name)) return;
    for (const listener of [...stream.listeners]) listener(event);
  };
  source.onmessage = (message: MessageEvent<string>) => deliver(message.data);
  for (const type of ACTIVITY_TYPES) {
    source.addEventListener(type, (message) => deliver((message as MessageEvent<string>).data, type));
  }
}

const hidden = () => typeof document !== "undefined" && document.hidden;
let watchingVisibility = false;

/** A hidden page holds no stream open: a browser makes at most six connections to one server over HTTP/1.1, and
 * each editor tab's stream held one for as long as the tab was open, so a sixth tab's requests waited and a seventh
 * did not load. Shown again, the page reopens its streams and reads again what they would have told. */
function watchVisibility(): void {
  if (watchingVisibility || typeof document === "undefined") return;
  watchingVisibility = true;
  document.addEventListener("visibilitychange", () => {
    for (const [workflowId, stream] of streams) {
      if (hidden()) {
        stream.source?.close();
        stream.source = null;
      } else if (!stream.source) {
        connect(workflowId, stream, true);
      }
    }
  });
}

/** Call `listener` with each event of the workflow, and `catchUp` each time the stream comes back after a drop
 * (events meanwhile are lost: read again what they would have changed), until the returned function is called. */
export function subscribeActivity(workflowId: string, listener: Listener, catchUp?: () => void): () => void {
  if (typeof EventSource === "undefined") return () => undefined;  // no live updates where there is no EventSource
  watchVisibility();
  let stream = streams.get(workflowId);
  if (!stream) {
    stream = { source: null, listeners: new Set(), reopened: new Set() };
    streams.set(workflowId, stream);
    if (!hidden()) connect(workflowId, stream);
  }
  const mine = stream;
  mine.listeners.add(listener);
  if (catchUp) mine.reopened.add(catchUp);
  return () => {
    mine.listeners.delete(listener);
    if (catchUp) mine.reopened.delete(catchUp);
    if (mine.listeners.size === 0 && streams.get(workflowId) === mine) {
      mine.source?.close();
      streams.delete(workflowId);
    }
  };
}
