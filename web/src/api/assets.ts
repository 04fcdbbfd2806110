// Assets: upload a file, and resolve an asset id to a (signed) URL for previews and downloads.

import { request } from "./client";
import type { Asset } from "./types";

export function uploadAsset(file: File): Promise<Asset> {
  const form = new FormData();
  form.append("file", file);
  return request<Asset>("assets", { method: "POST", body: form });
}

const known = new Map<string, Promise<Asset>>();

/** Asset metadata, fetched once per id per page load. */
export function getAsset(id: string): Promise<Asset> {
  let pending = known.get(id);
  if (!pending) {
    pending = request<Asset>(`assets/${encodeURIComponent(id)}`);
    pending.catch(() => known.delete(id));
    known.set(id, pending);
  }
  return pending;
}

/** The URL of a thumbnail no larger than `size` pixels on its long side. */
export function thumbnailUrl(url: string, size = 256): string {
  return `${url}${url.includes("?") ? "&" : "?"}size=${size}`;
}
