// Resolves an asset id to its (signed) content URL, for previews and downloads. A result of a run still under way
// comes without a URL: it is asked for as a result of the run on screen (?run_id=), which is how an accounts-mode
// studio lets its reader see it. An input's file (`input` given) is asked for as is, or, on someone else's project
// (shared or public), as an input of that project (?workflow_id=).

import { useEffect, useState } from "react";
import { getAsset, type AssetScope } from "../../api/assets";
import { useEditor } from "../store/editorStore";

export function useAssetUrl(assetId: string | undefined, knownUrl?: string,
  input?: { workflowId: string | undefined }): string | null {
  const [resolved, setResolved] = useState<{ id: string; url: string } | null>(null);
  const runId = useEditor((s) => (input ? null : s.runId));
  const workflowId = input?.workflowId;
  const scope: AssetScope | undefined = workflowId ? { workflowId } : runId ? { runId } : undefined;
  const scopeKey = scope ? `${workflowId ?? ""}/${runId ?? ""}` : "";
  useEffect(() => {
    if (!assetId || knownUrl) return;
    let live = true;
    getAsset(assetId, scope).then(
      (asset) => { if (live) setResolved({ id: assetId, url: asset.url }); },
      () => { if (live) setResolved(null); },
    );
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `scope` is a new object each render; scopeKey is it
  }, [assetId, knownUrl, scopeKey]);
  if (knownUrl) return knownUrl;
  return resolved && resolved.id === assetId ? resolved.url : null;
}
