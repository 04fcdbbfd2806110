// What kind of media a result is (how it is drawn), the URL that downloads it under a given name, and the
// viewer's shared looks.

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
