// A picture at full resolution with zoom and pan, and optionally a second picture to compare it with, drawn over
// it on its side of a divider the user drags: Before on the left, After on the right (compare.ts says which is
// which). A photo in a format browsers cannot draw
// (HEIC, TIFF) is shown from the server's converted copy, and says so; a picture that cannot be drawn at all says
// what to do instead of leaving the stage empty. A large picture takes seconds to come: meanwhile the small preview
// the node drew of it (the browser has it already) stands in for it, enlarged, under a word that the full one loads.

import { useEffect, useRef, useState, type ReactNode } from "react";
import { thumbnailUrl } from "../../api/assets";
import type { CompareSide } from "./compare";
import { CompareDivider } from "./CompareDivider";
import { CHECKER, pictureUrl, TOOL, unreadableFormat } from "./media";
import type { ViewerItem } from "./results";
import { useItemSource } from "./useItemSource";
import { useZoomPan } from "./useZoomPan";
import type { Size, View } from "./zoom";

/** An SVG without its own size is drawn as if it were this large. */
const SVG_FALLBACK: Size = { width: 1024, height: 1024 };

function transformOf(view: View | null, picture: Size | null) {
  if (!view || !picture) return { visibility: "hidden" as const, position: "absolute" as const };
  return {
    position: "absolute" as const, left: 0, top: 0, width: picture.width, height: picture.height,
    transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`, transformOrigin: "0 0",
    // enlarged pixels stay sharp squares, so they can be checked one by one
    imageRendering: view.scale >= 2 ? ("pixelated" as const) : ("auto" as const),
  };
}

/** The small preview of `item` that the editor drew already, so the browser has it: a node's result frame asks for
 * 512 pixels (ResultPreview), a list item's frame and an upload field (for a file no run has used) for 256. An SVG
 * has none: its frame draws the file itself, which comes at once. */
function previewUrl(url: string, item: ViewerItem): string {
  const small = item.index !== null || (item.uploaded && !item.output.url);
  return thumbnailUrl(url, small ? 256 : 512);
}

/** What the stage says while the full picture loads: the preview under it is blurred, not broken. */
function Loading() {
  return (
    // shown only after a moment: a picture that comes at once does not flash it
    <div role="status" data-testid="viewer-loading" style={{ animation: "fade-in 200ms ease-out 300ms both" }}
      className="pointer-events-none absolute left-1/2 top-1/2 flex -translate-x-1/2 -translate-y-1/2 items-center
        gap-2 rounded-full bg-zinc-900/85 px-4 py-2 text-sm text-zinc-100 shadow-lg">
      <span aria-hidden="true"
        className="h-4 w-4 shrink-0 animate-spin rounded-full border-2 border-zinc-500 border-t-zinc-100" />
      Loading the full-size picture…
    </div>
  );
}

/** Why the stage is empty: the file did not come or could not be decoded (`unloaded`), or came and has nothing a
 * browser can draw. */
type Broken = "unloaded" | "undrawable";

const BROKEN_TEXT: Record<Broken, string> = {
  // a file that did not come, or came in a form the browser could not decode (the browser does not say which)
  unloaded: "The full-size picture could not be loaded or shown: check your connection and open it again, or use "
    + "Download to open the file in another app.",
  undrawable: "This picture can't be shown here. Download it to open the file in another app; if the download fails "
    + "too, run the graph again to make it anew.",
};

/** Zoom keys while the viewer is open: + and - zoom, 0 fits, 1 shows real pixels. */
function useZoomKeys(zoomPan: ReturnType<typeof useZoomPan>) {
  const latest = useRef(zoomPan);
  useEffect(() => { latest.current = zoomPan; });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement) return;
      const zoom = latest.current;
      const act = { "+": () => zoom.zoomBy(1.25), "=": () => zoom.zoomBy(1.25), "-": () => zoom.zoomBy(0.8),
        "0": zoom.fit, "1": zoom.actualSize }[event.key];
      if (!act) return;
      event.preventDefault();
      act();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
}

export function PictureView({ item, compare, controls }: {
  item: ViewerItem;
  /** The picture compared with this one, and its side of the divider. */
  compare: { other: ViewerItem; side: CompareSide } | null;
  /** The compare chooser, drawn in the zoom bar. */
  controls: ReactNode;
}) {
  const { url, output = item.output } = useItemSource(item);
  const other = useItemSource(compare?.other);
  const converted = unreadableFormat(output);
  const stage = useRef<HTMLDivElement>(null);
  const [picture, setPicture] = useState<Size | null>(null);
  const [broken, setBroken] = useState<Broken | null>(null);
  const [previewBroken, setPreviewBroken] = useState(false);
  const [divider, setDivider] = useState(50);
  const zoom = useZoomPan(stage, picture);
  useZoomKeys(zoom);
  const place = transformOf(zoom.view, picture);
  // until the full picture is placed (fitted, as the preview is), the preview stays: the stage never goes black
  const loading = !broken && !(picture && zoom.view);

  return (
    <div className="flex h-full w-full flex-col">
      <div ref={stage} data-testid="viewer-stage" {...zoom.handlers}
        className={`relative min-h-0 w-full flex-1 touch-none select-none overflow-hidden ${zoom.dragging ? "cursor-grabbing"
          : "cursor-grab"}`}>
        {url && loading && !previewBroken && item.kind !== "svg" && (
          // fitted as fitView fits the full picture (24 pixels of room around it): the two meet in the same place
          <img data-testid="viewer-preview" src={previewUrl(url, item)} alt="" aria-hidden="true" draggable={false}
            className="pointer-events-none absolute inset-6 h-[calc(100%-3rem)] w-[calc(100%-3rem)] object-contain"
            onError={() => setPreviewBroken(true)} />
        )}
        {loading && <Loading />}
        {url && !broken && (
          <img data-testid="viewer-image" src={pictureUrl(url, output)} alt={item.title} draggable={false}
            style={place} className={`max-w-none ${item.kind === "svg" ? "bg-white" : CHECKER}`}
            onError={() => setBroken("unloaded")}
            onLoad={(event) => {
              const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
              if (width && height) setPicture({ width, height });
              else if (item.kind === "svg") setPicture(SVG_FALLBACK);
              else setBroken("undrawable");
            }} />
        )}
        {broken && (
          <p data-testid="viewer-unreadable" role="alert" className="absolute inset-0 m-auto h-fit max-w-md px-6
            text-center text-sm text-zinc-300">{BROKEN_TEXT[broken]}</p>
        )}
        {compare && other.url && other.output && (
          <div data-testid="viewer-compared" data-side={compare.side} className="pointer-events-none absolute inset-0"
            style={{ clipPath: compare.side === "before" ? `inset(0 ${100 - divider}% 0 0)` : `inset(0 0 0 ${divider}%)` }}>
            <img src={pictureUrl(other.url, other.output)} alt={compare.other.title} draggable={false}
              style={place} className={`max-w-none object-contain ${CHECKER}`} />
          </div>
        )}
        {compare && (
          <CompareDivider position={divider} onMove={setDivider}
            beforeTitle={compare.side === "before" ? compare.other.title : item.title}
            afterTitle={compare.side === "before" ? item.title : compare.other.title} />
        )}
      </div>
      <div className="mx-auto my-2 flex items-center gap-1 rounded-full border border-white/10 bg-zinc-900 px-2 py-1
        text-xs text-zinc-100" data-testid="viewer-zoom-bar">
        <button type="button" className={TOOL} onClick={() => zoom.zoomBy(0.8)} aria-label="Zoom out"
          title="Zoom out (-)">−</button>
        <span data-testid="viewer-zoom" className="w-12 text-center tabular-nums">
          {zoom.view ? `${Math.round(zoom.view.scale * 100)}%` : ""}</span>
        <button type="button" className={TOOL} onClick={() => zoom.zoomBy(1.25)} aria-label="Zoom in"
          title="Zoom in (+)">+</button>
        <button type="button" className={TOOL} onClick={zoom.fit} title="Whole picture (0)">Fit</button>
        <button type="button" className={TOOL} onClick={zoom.actualSize} aria-label="Actual size"
          title="Actual size: one picture pixel per screen pixel (1)">1:1</button>
        {picture && <span className="px-1 text-zinc-400 tabular-nums">{picture.width} × {picture.height}</span>}
        {converted && !broken && (
          <span data-testid="viewer-converted" className="px-1 text-zinc-400"
            title={`Browsers cannot draw ${converted} files: this is a copy made for the screen`}>
            Shown converted from {converted}; Download gives the original file</span>
        )}
        {controls}
      </div>
    </div>
  );
}
