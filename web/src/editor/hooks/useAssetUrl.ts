// Resolves an asset id to its (signed) content URL, for previews and downloads.

import { useEffect, useState } from "react";
import { getAsset } from "../../api/assets";

export function useAssetUrl(assetId: string | undefined, knownUrl?: string): string | null {
  const [resolved, setResolved] = useState<{ id: string; url: string } | null>(null);
  useEffect(() => {
    if (!assetId || knownUrl) return;
    let live = true;
    getAsset(assetId).then(
      (asset) => { if (live) setResolved({ id: assetId, url: asset.url }); },
      () => { if (live) setResolved(null); },
    );
    return () => { live = false; };
  }, [assetId, knownUrl]);
  if (knownUrl) return knownUrl;
  return resolved && resolved.id === assetId ? resolved.url : null;
}
