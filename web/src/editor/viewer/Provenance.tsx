// Where a result came from, in the viewer: "Made by the run of 12 Mar 2026, 10:00 from version 4 (Final look)",
// and "Open that version as a project" (a copy of the exact graph that made it); "Uploaded file IMG_4032.jpg" for
// a file someone uploaded (no run made it). Says nothing more for a result the server cannot trace beyond its run
// (one from before versions were recorded).

import { useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { getRunSummary } from "../../api/runs";
import { getProvenance, type Provenance as Origin } from "../../api/versions";
import { useEditor } from "../store/editorStore";
import { provenanceWords } from "../versions/diffWords";
import { openVersionCopy } from "../versions/restore";
import { TOOL } from "./media";

/** `fileName`: the name the upload node showing the file keeps for it, said instead of the name the file was last
 * uploaded under (one file can be in two nodes under two names). */
export function Provenance({ assetId, fileName = null }: { assetId: string; fileName?: string | null }) {
  // the run on the canvas traces results no node saved (the server checks that one of its nodes output it)
  const runId = useEditor((s) => s.runId);
  const [origin, setOrigin] = useState<{ origin: Origin; ranAt: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  useEffect(() => {
    let live = true;
    getProvenance(assetId, runId).then(async (found) => {
      // the run's date, when the run can be read (it usually can: it made a result this page shows): its
      // summary, not every node's record
      const run = found.run_id ? await getRunSummary(found.run_id).catch(() => null) : null;
      if (live) setOrigin({ origin: found, ranAt: run ? run.started_at ?? run.created_at : null });
    }, () => { if (live) setOrigin(null); });
    return () => { live = false; setOrigin(null); };
  }, [assetId, runId]);
  const words = origin ? provenanceWords(origin.origin, origin.ranAt, fileName) : null;
  if (!origin || !words) return null;
  const { version, workflow_id: workflowId } = origin.origin;
  const open = () => {
    if (!version || !workflowId) return;
    setBusy(true);
    void openVersionCopy(workflowId, version.id, navigate).then((opened) => {
      if (opened) useEditor.getState().closeViewer();
      else setBusy(false);
    });
  };
  return (
    // narrower than md, a row of its own under the title, Download and Close (the header wraps), its button shorter
    <span data-testid="provenance" className="order-last flex min-w-0 basis-full items-center gap-2 text-xs
      text-zinc-400 md:order-none md:basis-auto">
      <span className="line-clamp-2 min-w-0 flex-1 md:line-clamp-none md:flex-initial md:truncate" title={words}>{words}</span>
      {version && workflowId && (
        <button type="button" className={`${TOOL} shrink-0 whitespace-nowrap border border-white/15`} disabled={busy}
          onClick={open} data-testid="provenance-open" aria-label="Open that version as a project"
          title="A new project of your own with the graph that made this result">
          <span className="md:hidden">Open as a project</span>
          <span className="hidden md:inline">Open that version as a project</span></button>
      )}
    </span>
  );
}
