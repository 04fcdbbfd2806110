// Runs: start (whole graph or from one node), cancel, follow their events, and read past runs.

import { json, request } from "./client";
import type { components } from "./schema.gen";
import type { RunEvent, RunEventType, WorkflowDocument } from "./types";

export interface StartRun {
  workflow_id?: string;
  workflow?: WorkflowDocument;
  from_node?: string;
  /** With `workflow_id`, from a live editor: base64 of its Yjs state vector; the run waits until the studio holds
   * those edits. */
  collab_state?: string;
}

/** The answer to a run: its id, and the nodes it leaves out (each with its problems) while the rest runs. */
export type RunAccepted = components["schemas"]["RunAccepted"];
export type NotRunnableNode = components["schemas"]["NotRunnableNode"];

export function startRun(body: StartRun): Promise<RunAccepted> {
  return request("runs", { method: "POST", body: json(body) });
}

export function cancelRun(id: string): Promise<void> {
  return request<void>(`runs/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** Every event type the server sends (the SSE stream names each event by it), and whether it ends the run. A
 * new type in the server's EventType fails the type check here until it is listed. */
const EVENT_ENDS_RUN: Record<RunEventType, boolean> = {
  "run.queued": false, "run.started": false, "run.resumed": false, "node.started": false, "node.progress": false,
  "node.cached": false, "node.completed": false, "node.failed": false, "node.skipped": false, "node.blocked": false,
  "run.completed": true, "run.failed": true, "run.cancelled": true,
};
const TERMINAL = new Set(Object.keys(EVENT_ENDS_RUN).filter((type) => EVENT_ENDS_RUN[type as RunEventType]));

export const isTerminalEvent = (event: RunEvent): boolean => TERMINAL.has(event.type);

/** A hidden tab gets no animation frames: its batches go out on this timer instead (browsers slow it to 1 s). */
const HIDDEN_FLUSH_MS = 250;
/** Events handed over per frame: halved after a frame slower than FRAME_BUDGET_MS (a long task), doubled
 * after a quick one. The least is still a good part of a burst: a frame also costs what does not depend on
 * the batch (style, layout, paint), so small batches would only spread a burst over many slow frames. */
const BATCH = { first: 128, least: 48, most: 1024 };
const FRAME_BUDGET_MS = 50;

/**
 * Follow a run's events after seq `after` (0: from the first) over WebSocket; if the socket drops before the run
 * ends, resume over SSE from the last event seen (`?after=SEQ`). Events are handed over in batches, in seq order, one
 * batch per animation frame: what arrived since the last frame, so a fast run costs one update per frame
 * rather than one per event, and no more than the last frames showed the page can draw in time (a burst,
 * such as a cached re-run's, is spread over a few frames instead of freezing one). Returns a function that
 * stops following (events not yet handed over are dropped).
 */
export function followRun(runId: string, onEvents: (events: RunEvent[]) => void, after = 0): () => void {
  let lastSeq = after;
  let finished = false;
  let source: EventSource | null = null;
  let pending: RunEvent[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const path = `/api/v1/runs/${encodeURIComponent(runId)}/events`;

  let batchSize = BATCH.first;
  let flushedAt: number | null = null;  // when the last batch went out, if the frame after it is still to come

  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(flush);
    if (timer === null) timer = setTimeout(flush, HIDDEN_FLUSH_MS);
  };

  function flush() {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = timer = null;
    const now = performance.now();
    if (flushedAt !== null) {  // the last batch's frame: its update, React's render, style, layout and paint
      const took = now - flushedAt;
      batchSize = took > FRAME_BUDGET_MS ? Math.max(BATCH.least, batchSize >> 1)
        : took < FRAME_BUDGET_MS / 2 ? Math.min(BATCH.most, batchSize * 2) : batchSize;
    }
    const batch = pending.splice(0, batchSize);
    flushedAt = batch.length ? now : null;
    if (batch.length) onEvents(batch);
    if (pending.length) schedule();
  }

  const deliver = (raw: string) => {
    const event = JSON.parse(raw) as RunEvent;
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    pending.push(event);
    schedule();
    if (isTerminalEvent(event)) closeStreams();
  };

  const resumeOverSse = () => {
    if (finished) return;
    source = new EventSource(`${path}?after=${lastSeq}`);
    source.onmessage = (message) => deliver(message.data as string);
    for (const type of Object.keys(EVENT_ENDS_RUN)) {
      source.addEventListener(type, (message) => deliver((message as MessageEvent<string>).data));
    }
  };

  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}${path}${after ? `?after=${after}` : ""}`);
  socket.onmessage = (message) => deliver(message.data as string);
  socket.onclose = () => resumeOverSse();

  function closeStreams() {
    finished = true;
    socket.onclose = null;
    socket.close();
    source?.close();
  }
  return () => {
    closeStreams();
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    pending = [];
  };
}

type Schemas = components["schemas"];
/** A run with every node's record and outputs (signed URLs), as GET /runs/{id} answers. */
export type RunRecord = Schemas["RunOut"];
/** A run's status, times and progress (its nodes counted by status, the credits they spent), as
 * GET /runs/{id}?view=summary answers: `nodes` holds only the records asked for, and there is no document. */
export type RunSummaryRecord = RunRecord & { progress: Schemas["RunProgress"] };
/** One node's record in a run. */
export type NodeRunRecord = Schemas["NodeRunOut"];
/** A run as a history lists it: status, times, a thumbnail of its result and the credits it spent. */
export type RunListItem = Schemas["RunListItem"];
export type RunPage = Schemas["RunPage"];

/** A workflow's runs, newest first. */
export function listRuns(workflowId: string, limit = 50): Promise<RunPage> {
  const query = new URLSearchParams({ workflow_id: workflowId, limit: String(limit) });
  return request<RunPage>(`runs?${query.toString()}`);
}

export function getRun(id: string): Promise<RunRecord> {
  return request<RunRecord>(`runs/${encodeURIComponent(id)}`);
}

/** A run's summary, with the records (and output URLs) of `nodes` only: as small for a run of 400 nodes as of 4. */
export function getRunSummary(id: string, nodes: string[] = []): Promise<RunSummaryRecord> {
  const query = new URLSearchParams({ view: "summary" });
  for (const node of nodes) query.append("node", node);
  return request<RunSummaryRecord>(`runs/${encodeURIComponent(id)}?${query.toString()}`);
}
