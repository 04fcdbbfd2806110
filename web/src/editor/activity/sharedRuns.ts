// Runs are shared: when a collaborator starts a run of the open workflow, this page shows it on the canvas
// live (node statuses, results) as if it were its own, and says who started it. A run this page started and
// is still following stays on screen (showing another would leave it running with no way to cancel it here).

import type { ActivityEvent } from "../../api/activity";

type RunStarted = Extract<ActivityEvent, { type: "run.started" }>;
import { useSession } from "../../app/session";
import { showRecordedRun } from "../history";
import { useEditor } from "../store/editorStore";

/** Runs this page shows because someone else started them (not this page's own). */
const othersRuns = new Set<string>();

/** Who started a run, in the notice's words. */
function starterWords(user: RunStarted["user"]): string {
  const session = useSession.getState().state;
  const me = session.status === "signed-in" ? session.me.id : null;
  if (user && me && user.id === me) return "You started a run elsewhere (another window or the API)";
  return `${user?.name || "A collaborator"} started a run`;
}

/** Handle an activity "run.started": show the run unless it is this page's own, or this page's own is live. */
export function onRunStarted(event: RunStarted): void {
  const runId = event.run_id;
  const { runId: shown, runPhase } = useEditor.getState();
  // this page's own run: already shown, or being started (its id is not known yet: this event may be it)
  if (!runId || runId === shown || runPhase === "starting") return;
  const ownLive = runPhase === "running" && shown !== null && !othersRuns.has(shown);
  const who = starterWords(event.user);
  if (ownLive) {
    useEditor.getState().notify(`${who}: see it in History once yours ends.`);
    return;
  }
  othersRuns.add(runId);
  useEditor.getState().notify(`${who}.`);
  showRecordedRun(runId, true).catch((error: unknown) => useEditor.getState().notify(
    `That run could not be shown: ${error instanceof Error ? error.message : String(error)}. Open it from History.`,
    "error"));
}
