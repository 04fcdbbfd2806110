// A label over the canvas while an older run picked in the history is shown: which run, that the fields still
// show the current settings (or that some of its nodes are not on the canvas any more, with the version that made
// it to open), and a way back to the latest run. It goes when a new run starts.

import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { showLatestRun } from "../history";
import { useEditor } from "../store/editorStore";
import { openVersionCopy } from "../versions/restore";
import { startedWords } from "./runTimes";

/** What the banner says of a picked run's nodes the canvas no longer has. */
function missingWords(missing: number): string {
  return missing === 1 ? "1 of its nodes is not on the canvas any more"
    : `${missing} of its nodes are not on the canvas any more`;
}

export function PickedRunBanner() {
  const picked = useEditor((s) => s.pickedRun);
  const [going, setGoing] = useState(false);
  const navigate = useNavigate();
  if (!picked) return null;
  const version = picked.version;
  const openVersion = () => {
    if (!version) return;
    setGoing(true);
    void openVersionCopy(version.workflowId, version.versionId, navigate).finally(() => setGoing(false));
  };
  const back = () => {
    setGoing(true);
    showLatestRun()
      .catch((error: unknown) => useEditor.getState().notify(
        `The latest run could not be shown: ${error instanceof Error ? error.message : String(error)}. Try again.`,
        "error"))
      .finally(() => setGoing(false));
  };
  return (
    <div role="status" data-testid="picked-run-banner" data-run-id={picked.runId}
      className="panel pointer-events-auto absolute left-1/2 top-3 z-20 flex -translate-x-1/2 items-center gap-3
        border-amber-300 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 shadow-md dark:border-amber-700
        dark:bg-amber-950 dark:text-amber-100">
      <span>
        Showing the run of {picked.startedAt ? startedWords(picked.startedAt) : "an earlier time"} — {picked.missing
          ? missingWords(picked.missing) : "the fields show your current settings"}
      </span>
      {picked.missing > 0 && version && (
        <button type="button" className="btn py-0.5 text-xs" onClick={openVersion} disabled={going}
          data-testid="picked-run-open-version" title="A new project of your own with the graph this run ran">
          Open its graph as a project</button>
      )}
      <button type="button" className="btn py-0.5 text-xs" onClick={back} disabled={going}>Back to latest</button>
    </div>
  );
}
