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

/** The content URL that makes the browser save the file as `stem` plus the extension of its type. */
export function downloadUrl(url: string, stem: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}download=${encodeURIComponent(stem)}`;
}

/** A chequerboard behind pictures, so transparency shows. */
export const CHECKER = `bg-[conic-gradient(#e4e4e7_25%,#fff_0_50%,#e4e4e7_0_75%,#fff_0)] bg-[length:12px_12px]
  dark:bg-[conic-gradient(#27272a_25%,#18181b_0_50%,#27272a_0_75%,#18181b_0)]`;

/** A button of the viewer's bars (light on dark). */
export const TOOL = "rounded-full px-2 py-1 hover:bg-white/10 focus-visible:outline focus-visible:outline-2 "
  + "focus-visible:outline-accent disabled:opacity-40";
