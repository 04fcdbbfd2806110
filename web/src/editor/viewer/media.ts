// What kind of media a result is (how it is drawn), the URL a picture is drawn from (a browser-readable copy of a
// HEIC or TIFF photo), the URL that downloads it under a given name, and the viewer's shared looks.

import type { OutputValue } from "../../api/types";

export type MediaKind = "image" | "svg" | "video" | "audio" | "mesh" | "value" | "file";

const MESH_MIMES = new Set(["model/gltf-binary", "model/gltf+json"]);
/** Intermediate results are raw arrays; the server serves them as PNG. */
const ARRAY_MIME = "application/x-npy";

export function mediaKind(output: OutputValue): MediaKind {
  const mime = output.mime ?? "";
  if (!output.asset_id) return "value";
  if (mime === "image/svg+xml") return "svg";
  if (mime.startsWith("image/") || mime === ARRAY_MIME) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  if (MESH_MIMES.has(mime)) return "mesh";
  return "file";
}

/** Pictures every browser draws from the file itself; the server serves an .npy intermediate as PNG. */
const BROWSER_PICTURES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/avif",
  "image/svg+xml", "image/x-icon", ARRAY_MIME]);

/** The format of a picture a browser cannot draw from its file (HEIC, TIFF...), in words; null for one it can. */
export function unreadableFormat(output: OutputValue): string | null {
  const mime = output.mime ?? "";
  if (mediaKind(output) !== "image" || BROWSER_PICTURES.has(mime)) return null;
  return mime.slice("image/".length).replace(/^x-/, "").toUpperCase();
}

/** The URL a picture is drawn from at full size: the file itself, or for a format browsers cannot draw, the
 * server's display copy of it (WebP, at its own size up to 4096 pixels on its long side). */
export function pictureUrl(url: string, output: OutputValue): string {
  return unreadableFormat(output) ? `${url}${url.includes("?") ? "&" : "?"}display=true` : url;
}

/** A text or number result as text. */
export function valueText(output: OutputValue): string {
  const value = output.list ? output.list.map((item) => item.value) : output.value;
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** The content URL that makes the browser save the file as `stem` plus the extension of its type; an empty `stem`
 * saves it under the file's own name: `fileName` (an upload's, as its node keeps it), else the one it was uploaded
 * under. The server gives an own name the extension of the file's real type (`a.png` saves as `a.jpg` for a JPEG). */
export function downloadUrl(url: string, stem: string, fileName?: string | null): string {
  const name = !stem && fileName ? `&name=${encodeURIComponent(fileName)}` : "";
  return `${url}${url.includes("?") ? "&" : "?"}download=${encodeURIComponent(stem)}${name}`;
}

/** The extension the server gives a download of each type (karate/storage/mime.py EXTENSIONS; tests/api/test_assets.py
 * holds the two to the same words). An intermediate result is sent as PNG. */
export const EXTENSIONS: Record<string, string> = {
  "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "image/bmp": "bmp",
  "image/tiff": "tif", "image/heic": "heic", "image/heif": "heif", "image/avif": "avif", "image/svg+xml": "svg",
  "video/mp4": "mp4", "video/webm": "webm", "video/quicktime": "mov", "audio/mpeg": "mp3", "audio/wav": "wav",
  "audio/flac": "flac", "audio/ogg": "ogg", "model/gltf-binary": "glb", "model/gltf+json": "gltf",
  "model/obj": "obj", "text/plain": "txt", "application/json": "json", [ARRAY_MIME]: "png",
};

/** Every extension the server knows media by (karate/storage/mime.py KNOWN_EXTENSIONS): those of EXTENSIONS, an
 * array's, and the others files of those types go by. */
const MEDIA_EXTENSIONS = new Set([...Object.values(EXTENSIONS), "npy", "jpeg", "jpe", "jfif", "tiff", "m4v", "oga",
  "opus"]);

/** The file name a download of `stem` is saved under, as the server names it (karate/services/outputs.py
 * download_name): `Poster - Save Image.png`; a media extension the stem ends in is replaced by the type's own, never
 * doubled (`poster.png` and `poster.jpg` are `poster.png` for a PNG); any other dot is part of the name (`v1.2.png`).
 */
export function savedName(stem: string, mime: string | undefined): string {
  const extension = EXTENSIONS[mime ?? ""];
  if (!extension) return stem;
  const dot = stem.lastIndexOf(".");
  const base = stem.slice(0, Math.max(dot, 0)).replace(/[\s.]+$/, "");
  const known = dot > 0 && base.trim() !== "" && MEDIA_EXTENSIONS.has(stem.slice(dot + 1).toLowerCase());
  return `${known ? base : stem}.${extension}`;
}

/** A length in seconds as players show it: `0:07`, `2:05`, `1:02:03` (a clip under a second is `0:01`, not none). */
export function durationWords(seconds: number): string {
  const whole = Math.max(seconds > 0 ? 1 : 0, Math.round(seconds));
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const pad = (value: number) => String(value).padStart(2, "0");
  return hours ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${minutes}:${pad(rest)}`;
}

/** A picture's size in pixels as the studio writes it: `1200 × 1600`. */
export const sizeWords = (width: number, height: number): string => `${width} × ${height}`;

/** What tells one file from another at a glance: a picture's size in pixels (`1200 × 1600`), a video's or a
 * sound's length (`0:12`); null when it is not known. */
export function fileFacts(kind: MediaKind, size: { width?: number | null; height?: number | null },
  duration: number | null | undefined): string | null {
  if (kind === "image" && size.width && size.height) return sizeWords(size.width, size.height);
  if ((kind === "video" || kind === "audio") && duration && Number.isFinite(duration)) return durationWords(duration);
  return null;
}

/** A chequerboard behind a picture's own pixels, so transparency shows where there is some: it goes on the picture
 * itself, sized to what it draws (never on the frame around it), so an opaque photo covers it whole. */
export const CHECKER = `bg-[conic-gradient(#e4e4e7_25%,#fff_0_50%,#e4e4e7_0_75%,#fff_0)] bg-[length:12px_12px]
  dark:bg-[conic-gradient(#27272a_25%,#18181b_0_50%,#27272a_0_75%,#18181b_0)]`;

/** A button of the viewer's bars (light on dark). */
export const TOOL = "rounded-full px-2 py-1 hover:bg-white/10 focus-visible:outline focus-visible:outline-2 "
  + "focus-visible:outline-accent disabled:opacity-40";
