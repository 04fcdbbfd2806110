// The asset id of a project's last result, saved in its document by the editor after a run.

import { useEffect, useState } from "react";
import type { WorkflowSummary } from "../api/types";
import { getWorkflow } from "../api/workflows";

export function useThumbnailAsset(workflow: WorkflowSummary): string | undefined {
  const listed = workflow.document?.thumbnail?.asset_id;
  const needsDocument = !workflow.thumbnail_url && !workflow.document && (workflow.node_count ?? 1) > 0;
  const [fetched, setFetched] = useState<string | undefined>();
  useEffect(() => {
    if (!needsDocument) return;
    let live = true;
    // Lists come without documents; the thumbnail's asset id lives in the document.
    getWorkflow(workflow.id).then((full) => { if (live) setFetched(full.document.thumbnail?.asset_id); },
      () => undefined);
    return () => { live = false; };
  }, [needsDocument, workflow.id, workflow.version]);
  return listed ?? fetched;
}
