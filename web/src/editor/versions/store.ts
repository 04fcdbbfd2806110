// The open workflow's versions, newest first, read when the Versions panel opens and again whenever a
// version is saved (by anyone: the activity stream says so); and the notice a restore leaves, with its Undo.

import { create } from "zustand";
import { listVersions, type Version } from "../../api/versions";

export interface VersionsState {
  workflowId: string | null;
  versions: Version[];
  status: "idle" | "loading" | "ready" | "error";
  error: string | null;
  /** The version just restored in this page (its notice offers Undo), or null. */
  restored: { number: number; at: number } | null;
}

const initial: VersionsState = { workflowId: null, versions: [], status: "idle", error: null, restored: null };

export const useVersions = create<VersionsState>()(() => ({ ...initial }));

let reading = 0;

/** Read the workflow's versions (again); a read overtaken by a newer one is dropped. */
export async function loadVersions(workflowId: string): Promise<void> {
  const ticket = ++reading;
  if (useVersions.getState().workflowId !== workflowId) {
    useVersions.setState({ ...initial, workflowId, status: "loading" });
  }
  try {
    const versions = await listVersions(workflowId);
    if (ticket === reading) useVersions.setState({ versions, status: "ready", error: null });
  } catch (error) {
    if (ticket === reading) {
      useVersions.setState({ status: "error", error: error instanceof Error ? error.message : String(error) });
    }
  }
}

export function resetVersions(): void {
  reading++;
  useVersions.setState({ ...initial });
}
