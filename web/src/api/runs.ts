// Runs: start (whole graph or from one node), cancel, and follow their events.

import { json, request } from "./client";
import type { RunEvent, RunStatus, WorkflowDocument } from "./types";

export interface StartRun {
  workflow_id?: string;
  workflow?: WorkflowDocument;
  from_node?: string;
}

export function startRun(body: StartRun): Promise<{ id: string; status: RunStatus }> {
  return request("runs", { method: "POST", body: json(body) });
}

export function cancelRun(id: string): Promise<void> {
  return request<void>(`runs/${encodeURIComponent(id)}`, { method: "DELETE" });
}

const TERMINAL = new Set(["run.completed", "run.failed", "run.cancelled"]);

export const isTerminalEvent = (event: RunEvent): boolean => TERMINAL.has(event.type);

/**
 * Follow a run's events over WebSocket; if the socket drops before the run ends, resume
 * over SSE from the last event seen (`?after=SEQ`). Returns a function that stops following.
 */
export function followRun(runId: string, onEvent: (event: RunEvent) => void): () => void {
  let lastSeq = 0;
  let finished = false;
  let source: EventSource | null = null;
  const path = `/api/v1/runs/${encodeURIComponent(runId)}/events`;

  const deliver = (raw: string) => {
    const event = JSON.parse(raw) as RunEvent;
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    onEvent(event);
    if (isTerminalEvent(event)) stop();
  };

  const resumeOverSse = () => {
    if (finished) return;
    source = new EventSource(`${path}?after=${lastSeq}`);
    source.onmessage = (message) => deliver(message.data as string);
    for (const type of [...TERMINAL, "node.completed", "node.failed", "node.started", "node.progress",
      "node.cached", "node.skipped", "run.started", "run.queued"]) {
      source.addEventListener(type, (message) => deliver((message as MessageEvent<string>).data));
    }
  };

  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}${path}`);
  socket.onmessage = (message) => deliver(message.data as string);
  socket.onclose = () => resumeOverSse();

  function stop() {
    finished = true;
    socket.onclose = null;
    socket.close();
    source?.close();
  }
  return stop;
}
