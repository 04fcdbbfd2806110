// Resolves an asset id to its record (file name, size, length) and its (signed) content URL, for previews,
// downloads and the words under them. A result of a run still under way comes without a URL: it is asked for as a
// result of the run on screen (?run_id=), which is how an accounts-mode studio lets its reader see it. An input's
// file (`input` given) is asked for as is, or, on someone else's project (shared or public), as an input of that
// project (?workflow_id=).

import { useEffect, useState } from "react";
import { getAsset, type AssetScope } from "../../api/assets";
import type { Asset } from "../../api/types";
import { useEditor } from "../store/editorStore";

/** The asset's record, fetched once per id and scope per page load; null until it comes, or if it cannot be read. */
export function useAsset(assetId: string | undefined, input?: { workflowId: string | undefined }): Asset | null {
  return useAssetRecord(assetId, input).asset;
}

/** `useAsset`, also telling whether the record could not be read (`unreadable`: the file is gone, or not the user's
 * to see), as against not come yet: an upload field then offers to choose a file rather than say it loads one. */
export function useAssetRecord(assetId: string | undefined, input?: { workflowId: string | undefined }):
  { asset: Asset | null; unreadable: boolean } {
  const [resolved, setResolved] = useState<{ id: string; asset: Asset | null } | null>(null);
  const runId = useEditor((s) => (input ? null : s.runId));
  const workflowId = input?.workflowId;
  const scope: AssetScope | undefined = workflowId ? { workflowId } : runId ? { runId } : undefined;
  const scopeKey = scope ? `${workflowId ?? ""}/${runId ?? ""}` : "";
  useEffect(() => {
    if (!assetId) return;
    let live = true;
    getAsset(assetId, scope).then(
      (asset) => { if (live) setResolved({ id: assetId, asset }); },
      () => { if (live) setResolved({ id: assetId, asset: null }); },
    );
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `scope` is a new object each render; scopeKey is it
  }, [assetId, scopeKey]);
  const settled = assetId !== undefined && resolved?.id === assetId;
  return { asset: settled ? resolved.asset : null, unreadable: settled && resolved.asset === null };
}

/** The content URL: `knownUrl` when the run's record gave one (nothing is fetched), else the asset record's. */
export function useAssetUrl(assetId: string | undefined, knownUrl?: string,
  input?: { workflowId: string | undefined }): string | null {
  const asset = useAsset(knownUrl ? undefined : assetId, input);
  return knownUrl || (asset?.url ?? null);
}
