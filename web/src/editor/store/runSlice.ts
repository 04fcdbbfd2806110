// Run state: the current run, each node's status, progress, outputs and errors, fed by run events.

import type { StateCreator } from "zustand";
import type { OutputValue, RunError, RunEvent } from "../../api/types";
import type { NodeRunState, RunPhase } from "../types";
import type { EditorState } from "./editorStore";

export interface RunSlice {
  runId: string | null;
  runPhase: RunPhase;
  runError: string | null;
  nodeRuns: Record<string, NodeRunState>;
  thumbnailAssetId: string | null;
  /** The notice a refused run put up ("Can't run yet: ..."), dismissed once its problems are fixed. */
  rejectionNoticeId: number | null;
  /** The node states before the run now starting, shown again if the server refuses it. */
  nodeRunsBefore: Record<string, NodeRunState>;

  beginRun(nodeIds: string[]): void;
  runStarted(runId: string): void;
  /** The server refused the run: `message` is the run's error, `notice` what the user is told. */
  runRejected(message: string, perNode: Record<string, string>, notice: string): void;
  applyRunEvent(event: RunEvent): void;
  /** A node was edited: a failure it showed speaks of what it was before, so it goes. */
  clearFailure(nodeId: string): void;
}

function errorText(error: RunError | string | null | undefined): string {
  if (!error) return "";
  return typeof error === "string" ? error : error.message;
}

// Only pictures: the server makes ?size= thumbnails of images (and .npy intermediates), not of videos.
const PICTURE = /^(image\/|application\/x-npy$)/;

/** The first picture among a node's outputs, for the dashboard thumbnail. */
function pictureAsset(outputs: Record<string, OutputValue> | undefined): string | null {
  for (const value of Object.values(outputs ?? {})) {
    if (value.asset_id && value.mime && PICTURE.test(value.mime) && value.mime !== "image/svg+xml") {
      return value.asset_id;
    }
  }
  return null;
}

function settle(runs: Record<string, NodeRunState>, status: NodeRunState["status"]) {
  const next: Record<string, NodeRunState> = {};
  for (const [id, run] of Object.entries(runs)) {
    next[id] = run.status === "queued" || run.status === "running" ? { ...run, status } : run;
  }
  return next;
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set, get) => ({
  runId: null,
  runPhase: "idle",
  runError: null,
  nodeRuns: {},
  thumbnailAssetId: null,
  rejectionNoticeId: null,
  nodeRunsBefore: {},

  beginRun: (nodeIds) => {
    const queued: Record<string, NodeRunState> = { ...get().nodeRuns };
    for (const id of nodeIds) queued[id] = { ...queued[id], status: "queued", error: undefined, fraction: null };
    set({ runPhase: "starting", runError: null, nodeRuns: queued, nodeRunsBefore: get().nodeRuns });
  },

  runStarted: (runId) => set({ runId, runPhase: "running" }),

  runRejected: (message, perNode, notice) => {
    // nothing ran: every node shows what it showed before (its last results), those with a problem say so
    const runs = { ...get().nodeRunsBefore };
    for (const [id, text] of Object.entries(perNode)) runs[id] = { ...runs[id], status: "failed", error: text };
    set({ runPhase: "failed", runError: message, nodeRuns: runs });
    get().notify(notice, "error");
    set({ rejectionNoticeId: get().notice?.id ?? null });
  },

  clearFailure: (nodeId) => {
    const { nodeRuns, runPhase } = get();
    if (nodeRuns[nodeId]?.status !== "failed" || runPhase === "running" || runPhase === "starting") return;
    const { [nodeId]: _fixed, ...rest } = nodeRuns;  // its earlier results spoke of other settings too
    const anyFailed = Object.values(rest).some((run) => run.status === "failed");
    if (anyFailed || runPhase !== "failed") {
      set({ nodeRuns: rest });
      return;
    }
    // the last problem is fixed: the run's error and the notice it put up go with it (not any other notice)
    const ownNotice = get().notice !== null && get().notice?.id === get().rejectionNoticeId;
    set({ nodeRuns: rest, runPhase: "idle", runError: null, rejectionNoticeId: null, ...(ownNotice ? { notice: null } : {}) });
  },

  applyRunEvent: (event) => {
    if (event.run_id !== get().runId) return;
    const id = event.node_id;
    const runs = get().nodeRuns;
    const patch = (state: NodeRunState) => set({ nodeRuns: { ...runs, [id!]: state } });
    switch (event.type) {
      case "node.started":
        return patch({ ...runs[id!], status: "running", fraction: null, message: "" });
      case "node.progress":
        return patch({ ...runs[id!], status: "running", fraction: event.fraction ?? null,
          message: event.message ?? "" });
      case "node.cached":
      case "node.completed": {
        const thumbnail = pictureAsset(event.outputs);
        if (thumbnail && thumbnail !== get().thumbnailAssetId) {
          set((s) => ({ thumbnailAssetId: thumbnail, revision: s.revision + 1 }));
        }
        return patch({ status: event.type === "node.cached" ? "cached" : "completed", outputs: event.outputs ?? {},
          fraction: 1 });
      }
      case "node.failed":
        return patch({ status: "failed", error: errorText(event.error) || "Failed" });
      case "node.skipped":
        return patch({ status: "skipped", error: errorText(event.error) || "Skipped: an input failed" });
      case "run.completed":
        return set({ runPhase: "completed", nodeRuns: settle(runs, "skipped") });
      case "run.failed":
        return set({ runPhase: "failed", runError: errorText(event.error) || "The run failed",
          nodeRuns: settle(runs, "skipped") });
      case "run.cancelled":
        return set({ runPhase: "cancelled", nodeRuns: settle(runs, "cancelled") });
      default:
        return undefined;
    }
  },
});
