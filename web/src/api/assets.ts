// Assets: upload a file, and resolve an asset id to a (signed) URL for previews and downloads.

import { ApiError, request } from "./client";
import type { Asset } from "./types";

type UploadMedia = "image" | "video" | "audio";

/** Asset records by id (and scope), fetched or uploaded once per page load. */
const known = new Map<string, Promise<Asset>>();
/** The records that have come, by id alone (a file's size is the same whatever let its reader see it). */
const settled = new Map<string, Asset>();

/** Told each time a record comes (`settle`), and how many have. */
const settledListeners = new Set<() => void>();
let settledCount = 0;

function settle(asset: Asset): void {
  settled.set(asset.id, asset);
  settledCount += 1;
  settledListeners.forEach((listener) => listener());
}

/** The asset's record if it has come already (fetched or uploaded on this page), without asking for it: what code
 * outside React reads of a file the editor shows (editor/runGate.ts: an upscale too large to run). */
export const knownAsset = (id: string): Asset | undefined => settled.get(id);

/** `knownAsset` as a store React can follow (useSyncExternalStore): what is derived from it outside the editor's
 * store (the Run button's refusal) is worked out again when a record comes, not at the next edit. */
export const knownAssets = {
  subscribe(listener: () => void): () => void {
    settledListeners.add(listener);
    return () => { settledListeners.delete(listener); };
  },
  /** How many records have come: changes whenever one does. */
  count: (): number => settledCount,
};

/** What an upload for one kind of input takes, in the server's words (karate/services/assets.py ACCEPTED_FOR;
 * tests/api/test_assets.py checks they agree). */
export const UPLOAD_TAKES: Record<UploadMedia, string> = {
  image: "an image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF)",
  video: "a video (MP4, WebM or QuickTime)",
  audio: "a sound (MP3, WAV, FLAC or Ogg)",
};

const ARTICLE: Record<UploadMedia, string> = { image: "an image", video: "a video", audio: "a sound" };

/** The sentence for a file `media`'s input cannot take: it names only what that input takes. */
export function notAccepted(media: UploadMedia): string {
  return `This file is not ${ARTICLE[media]} the studio can read; choose ${UPLOAD_TAKES[media]}`;
}

/** Upload a file; for an input that takes one kind of `media`, the server is told (`?media=`) and refuses a file
 * of another kind before storing it, in words that name only what that input takes (an SVG for an image input:
 * what it is and how to make a picture of it), which are shown as they come. */
export async function uploadAsset(file: File, media?: UploadMedia): Promise<Asset> {
  const form = new FormData();
  form.append("file", file);
  const asset = await request<Asset>(media ? `assets?media=${media}` : "assets", { method: "POST", body: form });
  if (media && !asset.mime.startsWith(`${media}/`)) throw new ApiError(415, notAccepted(media));
  known.set(asset.id, Promise.resolve(asset));  // its record, as the uploader sees it: no second request for it
  settle(asset);
  return asset;
}

/** Photo formats some systems give no media type (Chrome on Windows and Linux: HEIC), known by extension. */
const IMAGE_EXTENSIONS = [".heic", ".heif", ".avif", ".tif", ".tiff"];

/** What a file picker for `media` offers: its media types, plus the image files named only by extension. */
export function acceptFor(media: UploadMedia): string {
  return media === "image" ? ["image/*", ...IMAGE_EXTENSIONS].join(",") : `${media}/*`;
}

/** Whether a chosen or dropped file may be `media` (the server checks its bytes either way): its media type,
 * or for images with no type, its extension. */
export function acceptsFile(media: UploadMedia, file: File): boolean {
  if (file.type.startsWith(`${media}/`)) return true;
  const name = file.name.toLowerCase();
  return media === "image" && file.type === "" && IMAGE_EXTENSIONS.some((extension) => name.endsWith(extension));
}

/** What lets a reader see an asset that is not theirs: a workflow they may read (shared with them, or public:
 * signed out too) whose document names it, or a run they may read among whose results it is. */
export type AssetScope = { workflowId: string } | { runId: string };

/** Asset metadata, fetched once per id (and scope) per page load. */
export function getAsset(id: string, scope?: AssetScope): Promise<Asset> {
  const query = !scope ? "" : "workflowId" in scope ? `?workflow_id=${encodeURIComponent(scope.workflowId)}`
    : `?run_id=${encodeURIComponent(scope.runId)}`;
  const key = id + query;
  let pending = known.get(key);
  if (!pending) {
    pending = request<Asset>(`assets/${encodeURIComponent(id)}${query}`);
    pending.then(settle, () => { known.delete(key); });
    known.set(key, pending);
  }
  return pending;
}

/** The thumbnails the editor draws, by their size in pixels on the long side: a node's result frame asks for `frame`,
 * a list item's tile in that frame and an upload field for `tile`. The full-size viewer stands the same one in for a
 * picture on its way, so the browser has it already: one size drawn twice is one file fetched once. */
export const THUMBNAIL_SIZE = { frame: 512, tile: 256 } as const;
export type ThumbnailSize = (typeof THUMBNAIL_SIZE)[keyof typeof THUMBNAIL_SIZE];

/** The URL of a thumbnail no larger than `size` pixels on its long side. */
export function thumbnailUrl(url: string, size: ThumbnailSize): string {
  return `${url}${url.includes("?") ? "&" : "?"}size=${size}`;
}
