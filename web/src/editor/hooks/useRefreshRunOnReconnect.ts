// While the studio can't be reached, the run on screen is shown as unknown (runStallOf); when the live link is back,
// the events it missed are read from the server, so its nodes show what really happened meanwhile.

import { useEffect } from "react";
import { refreshShownRun } from "../history";
import { useEditor } from "../store/editorStore";
import type { CollabStatus } from "../types";

const APART: ReadonlySet<CollabStatus> = new Set<CollabStatus>(["offline", "reconnecting"]);

/** Catch the run under way up (`refreshShownRun`) each time the live link comes back after being lost. */
export function useRefreshRunOnReconnect(): void {
  useEffect(() => useEditor.subscribe((state, previous) => {
    if (state.collab === "live" && APART.has(previous.collab)) refreshShownRun();
  }), []);
}
