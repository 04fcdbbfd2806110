// Whether the run under way still has a worker. With workers (KARATE_DISPATCH=queue) a killed worker's run sends
// nothing until another worker takes it over (its lease runs out first): while the run is quiet, its summary is
// read now and then, and the store notes what the server says (`workerLostAt`), so the toolbar can tell a stuck
// run from a slow one. Events clear the note themselves (a worker sends them).

import { getRunSummary } from "../api/runs";
import { useEditor } from "./store/editorStore";

/** How long a run under way may be quiet before its worker is asked about, and then how often. */
export const WORKER_CHECK_MS = 5000;

export interface WorkerWatch {
  /** Events of the run came: it is not quiet. */
  saw(): void;
  stop(): void;
}

/** The server's `worker_lost_at` of a run (ISO 8601), or null while a worker executes it. */
export type ReadWorkerLostAt = (runId: string) => Promise<string | null>;

const readSummary: ReadWorkerLostAt = async (runId) => (await getRunSummary(runId)).worker_lost_at;

/**
 * Watch `runId` while it is the run under way on screen: after each WORKER_CHECK_MS without its events, read
 * whether it waits for a worker (`read`) and tell the store, unless events came meanwhile (the answer is older
 * than they are). Stops by itself once the run ends or another run is shown.
 */
export function watchWorker(runId: string, read: ReadWorkerLostAt = readSummary): WorkerWatch {
  let quietSince = Date.now();
  let batches = 0;  // events seen so far: an answer asked for before the latest of them is out of date
  let asking = false;
  const check = () => {
    const { runId: shown, runPhase } = useEditor.getState();
    if (shown !== runId || runPhase !== "running") {
      stop();
      return;
    }
    if (asking || Date.now() - quietSince < WORKER_CHECK_MS) return;
    asking = true;
    const asked = batches;
    read(runId).then(
      (lostAt) => { if (batches === asked) useEditor.getState().workerLost(runId, lostAt); },
      () => undefined,  // unreachable for now: the next check asks again, and the run's events go on meanwhile
    ).finally(() => { asking = false; });
  };
  const timer = setInterval(check, WORKER_CHECK_MS);
  function stop() {
    clearInterval(timer);
  }
  return {
    saw: () => {
      quietSince = Date.now();
      batches += 1;
    },
    stop,
  };
}
