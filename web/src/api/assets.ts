// Assets: upload a file, and resolve an asset id to a (signed) URL for previews and downloads.

import { request } from "./client";
import type { Asset } from "./types";

export function uploadAsset(file: File): Promise<Asset> {
  const form = new FormData();
  form.append("file", file);
  return request<Asset>("assets", { method: "POST", body: form });
}

/** Photo formats some systems give no media type (Chrome on Windows and Linux: HEIC), known by extension. */
const IMAGE_EXTENSIONS = [".heic", ".heif", ".avif", ".tif", ".tiff"];

/** What a file picker for `media` offers: its media types, plus the image files named only by extension. */
export function acceptFor(media: "image" | "video" | "audio"): string {
  return media === "image" ? ["image/*", ...IMAGE_EXTENSIONS].join(",") : `${media}/*`;
}

/** Whether a chosen or dropped file may be `media` (the server checks its bytes either way): its media type,
 * or for images with no type, its extension. */
export function acceptsFile(media: "image" | "video" | "audio", file: File): boolean {
  if (file.type.startsWith(`${media}/`)) return true;
  const name = file.name.toLowerCase();
  return media === "image" && file.type === "" && IMAGE_EXTENSIONS.some((extension) => name.endsWith(extension));
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
