// A picture at full resolution with zoom and pan, and optionally a second picture to compare it with, drawn over
// it on its side of a divider the user drags: Before on the left, After on the right (compare.ts says which is
// which). A photo in a format browsers cannot draw (HEIC, TIFF) is shown from the server's converted copy, and says
// so. Each picture stands in with its preview while it loads and says when it cannot be drawn (FullPicture.tsx).

import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import type { CompareSide } from "./compare";
import { CompareDivider } from "./CompareDivider";
import { FullPicture } from "./FullPicture";
import { sizeWords, TOOL, unreadableFormat } from "./media";
import type { ViewerItem } from "./results";
import { useItemSource } from "./useItemSource";
import { usePictureLoad } from "./usePictureLoad";
import { useZoomPan } from "./useZoomPan";
import type { Size, View } from "./zoom";

/** Where the picture is drawn on the stage: null until there is a view of it. */
function transformOf(view: View | null, picture: Size | null): CSSProperties | null {
  if (!view || !picture) return null;
  return {
    position: "absolute" as const, left: 0, top: 0, width: picture.width, height: picture.height,
    transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`, transformOrigin: "0 0",
    // enlarged pixels stay sharp squares, so they can be checked one by one
    imageRendering: view.scale >= 2 ? ("pixelated" as const) : ("auto" as const),
  };
}

/** The part of the stage left (Before) or right (After) of a divider at `divider` percent of its width. */
function sideRegion(side: CompareSide, divider: number): CSSProperties {
  return side === "before" ? { left: 0, width: `${divider}%` } : { left: `${divider}%`, right: 0 };
}

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
  const main = usePictureLoad(url);
  const compared = usePictureLoad(compare ? other.url : null);
  const [divider, setDivider] = useState(50);
  // the compared picture is drawn in this one's box; where this one cannot be drawn, in its own
  const box = main.size ?? (main.broken ? compared.size : null);
  const zoom = useZoomPan(stage, box);
  useZoomKeys(zoom);
  const place = transformOf(zoom.view, box);
  const ownSide = compare && (compare.side === "before" ? "after" : "before");

  return (
    <div className="flex h-full w-full flex-col">
      <div ref={stage} data-testid="viewer-stage" {...zoom.handlers}
        className={`relative min-h-0 w-full flex-1 touch-none select-none overflow-hidden ${zoom.dragging ? "cursor-grabbing"
          : "cursor-grab"}`}>
        <FullPicture item={item} url={url} output={output} load={main} place={place}
          region={ownSide ? sideRegion(ownSide, divider) : undefined} testId="viewer" />
        {compare && (
          // on a backdrop of its own: while it loads or where it can't be drawn, its side never shows this picture
          <div data-testid="viewer-compared" data-side={compare.side} className="pointer-events-none absolute inset-0
            bg-zinc-950" style={{ clipPath: compare.side === "before" ? `inset(0 ${100 - divider}% 0 0)`
              : `inset(0 0 0 ${divider}%)` }}>
            <FullPicture item={compare.other} url={other.url} output={other.output ?? compare.other.output}
              load={compared} place={place} region={sideRegion(compare.side, divider)} testId="viewer-compared" />
          </div>
        )}
        {compare && (
          <CompareDivider position={divider} onMove={setDivider}
            beforeTitle={compare.side === "before" ? compare.other.title : item.title}
            afterTitle={compare.side === "before" ? item.title : compare.other.title} />
        )}
      </div>
      {/* wraps on a narrow screen (a phone comparing: the chooser had run off its edge, unreadable) */}
      <div className="mx-auto my-2 flex max-w-[calc(100%-1rem)] flex-wrap items-center justify-center gap-1
        rounded-2xl border border-white/10 bg-zinc-900 px-2 py-1 text-xs text-zinc-100" data-testid="viewer-zoom-bar">
        <button type="button" className={TOOL} onClick={() => zoom.zoomBy(0.8)} aria-label="Zoom out"
          title="Zoom out (-)">−</button>
        <span data-testid="viewer-zoom" className="w-12 text-center tabular-nums">
          {zoom.view ? `${Math.round(zoom.view.scale * 100)}%` : ""}</span>
        <button type="button" className={TOOL} onClick={() => zoom.zoomBy(1.25)} aria-label="Zoom in"
          title="Zoom in (+)">+</button>
        <button type="button" className={TOOL} onClick={zoom.fit} title="Whole picture (0)">Fit</button>
        <button type="button" className={TOOL} onClick={zoom.actualSize} aria-label="Actual size"
          title="Actual size: one picture pixel per screen pixel (1)">1:1</button>
        {main.size && (
          <span className="px-1 text-zinc-400 tabular-nums">{sizeWords(main.size.width, main.size.height)}</span>
        )}
        {converted && !main.broken && (
          <span data-testid="viewer-converted" className="px-1 text-zinc-400"
            title={`Browsers cannot draw ${converted} files: this is a copy made for the screen`}>
            Shown converted from {converted}; Download gives the original file</span>
        )}
        {controls}
      </div>
    </div>
  );
}
