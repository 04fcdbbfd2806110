// A node's results, shown in place: images, masks, video, svg, 3D models, text and numbers.

import { lazy, Suspense } from "react";
import { thumbnailUrl } from "../../api/assets";
import type { OutputValue } from "../../api/types";
import { useAssetUrl } from "../hooks/useAssetUrl";

const ModelViewer = lazy(() => import("./ModelViewer"));

const MESH_MIMES = new Set(["model/gltf-binary", "model/gltf+json"]);
/** Intermediate results are raw arrays; the server serves them as PNG. */
const ARRAY_MIME = "application/x-npy";

export type PreviewKind = "image" | "svg" | "video" | "audio" | "mesh" | "value" | "file";

export function previewKind(output: OutputValue): PreviewKind {
  const mime = output.mime ?? "";
  if (!output.asset_id) return "value";
  if (mime === "image/svg+xml") return "svg";
  if (mime.startsWith("image/") || mime === ARRAY_MIME) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  if (MESH_MIMES.has(mime)) return "mesh";
  return "file";
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

export function OutputPreview({ output, label }: { output: OutputValue; label: string }) {
  const url = useAssetUrl(output.asset_id, output.url);
  const kind = previewKind(output);
  if (kind === "value") {
    return (
      <pre data-testid="preview-text" className="nodrag nowheel max-h-40 overflow-auto whitespace-pre-wrap
        rounded-md bg-zinc-100 p-2 font-mono text-[11px] text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
        {formatValue(output.list ? output.list.map((item) => item.value) : output.value)}
      </pre>
    );
  }
  if (!url) return <div className="h-24 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" />;
  switch (kind) {
    case "image":
      return <img data-testid="preview-image" src={thumbnailUrl(url, 512)} alt={label} loading="lazy"
        className="w-full rounded-md bg-[conic-gradient(#e4e4e7_25%,#fff_0_50%,#e4e4e7_0_75%,#fff_0)]
          bg-[length:12px_12px] object-contain dark:bg-[conic-gradient(#27272a_25%,#18181b_0_50%,#27272a_0_75%,#18181b_0)]" />;
    case "svg":
      return <img data-testid="preview-svg" src={url} alt={label} className="w-full rounded-md bg-white" />;
    case "video":
      return <video data-testid="preview-video" src={url} controls className="nodrag w-full rounded-md" />;
    case "audio":
      return <audio data-testid="preview-audio" src={url} controls className="nodrag w-full" />;
    case "mesh":
      return (
        <Suspense fallback={<div className="h-44 animate-pulse rounded-md bg-zinc-800" />}>
          <ModelViewer url={url} />
        </Suspense>
      );
    default:
      return <a href={url} download className="text-xs text-accent underline">Download {label}</a>;
  }
}

export function ResultPreview({ outputs }: { outputs: Record<string, OutputValue> }) {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return null;
  return (
    <div className="flex flex-col gap-2 border-t border-zinc-100 p-2.5 dark:border-zinc-800" data-testid="node-result">
      {entries.map(([port, output]) => <OutputPreview key={port} output={output} label={port} />)}
    </div>
  );
}
