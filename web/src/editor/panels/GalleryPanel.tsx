// Every result of the current session's runs, each under its file's name (an upload's own, else the name its
// download gets) with its size in pixels or its length: a click opens one full size; each file has a download link.
// Where the results hold both saved files (a Save node's) and others, "Saved files" shows the saved ones alone: a
// large run's 55 saved files among its 221 results.

import { useEffect, useMemo, useRef, useState } from "react";
import { OutputPreview } from "../nodes/ResultPreview";
import { useAssetUrl } from "../hooks/useAssetUrl";
import { useEditor } from "../store/editorStore";
import { downloadUrl } from "../viewer/media";
import { MiddleTruncate } from "../viewer/MiddleTruncate";
import { collectResults, EARLIER_TEXT, previewSize, REMAKING_TEXT, type ViewerItem } from "../viewer/results";
import { savedFileKeys } from "./savedFiles";
import { useResultFile } from "../viewer/useResultFile";
import { SidePanel } from "./SidePanel";

function DownloadLink({ item }: { item: ViewerItem }) {
  const url = useAssetUrl(item.output.asset_id, item.output.url);
  if (!url) return null;
  return <a href={downloadUrl(url, item.downloadStem, item.fileName)} download
    className="text-xs text-accent hover:underline">
    Download</a>;
}

/** Pictures open full size on a click; players keep their clicks, so they open from the Open button. */
function Preview({ item }: { item: ViewerItem }) {
  const label = item.title.replace(" · ", " ");
  const file = useResultFile(item);
  const open = () => useEditor.getState().openViewer(item.key);
  const picture = item.kind === "image" || item.kind === "svg";
  // the size the canvas drew it at, which the viewer's stand-in asks for too: one file, fetched once
  const size = previewSize(item);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <MiddleTruncate text={file.name ?? item.title} className="text-xs font-medium" testId="gallery-name" />
        <span className="flex shrink-0 gap-3">
          <button type="button" onClick={open} className="text-xs text-accent hover:underline"
            aria-label={`Open ${label} full size`}>Open</button>
          <DownloadLink item={item} />
        </span>
      </div>
      <p className="-mt-1 truncate text-[11px] text-zinc-500" data-testid="gallery-facts">
        {[item.title, file.facts, item.remaking && REMAKING_TEXT, item.earlier && EARLIER_TEXT].filter(Boolean)
          .join(" · ")}</p>
      {picture ? (
        <button type="button" onClick={open} tabIndex={-1} aria-hidden="true" data-testid="gallery-open"
          className={`h-44 w-full cursor-zoom-in overflow-hidden rounded-md border border-zinc-100 dark:border-zinc-800 ${
            item.remaking || item.earlier ? "opacity-50" : ""}`}>
          <OutputPreview output={item.output} label={label} size={size} />
        </button>
      ) : (
        <div className={`h-44 w-full overflow-hidden rounded-md border border-zinc-100 dark:border-zinc-800 ${
          item.remaking || item.earlier ? "opacity-50" : ""}`}>
          <OutputPreview output={item.output} label={label} size={size} />
        </div>
      )}
    </div>
  );
}

/** Cards drawn on opening, and drawn again each time the list's end scrolls into view: a 200-node run's panel
 * drew all 200 at once, a 126-ms freeze of the page (React, then style and layout, about a third each). */
export const CARDS_AT_ONCE = 24;

/** Which results the panel lists: all of them, or the saved files alone. */
export type ResultsShown = "all" | "saved";

/** "All results" / "Saved files", shown where the results hold both kinds. */
function ShownChoice({ shown, saved, all, onChange }:
  { shown: ResultsShown; saved: number; all: number; onChange(next: ResultsShown): void }) {
  const choice = (value: ResultsShown, words: string) => (
    <button type="button" aria-pressed={shown === value} onClick={() => onChange(value)}
      className={`rounded px-2 py-0.5 text-xs ${shown === value ? "bg-white font-medium shadow-sm dark:bg-zinc-700"
        : "text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"}`}>{words}</button>
  );
  return (
    <div role="group" aria-label="Results shown" data-testid="gallery-shown"
      className="mb-3 inline-flex gap-0.5 rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {choice("all", `All results (${all})`)}
      {choice("saved", `Saved files (${saved})`)}
    </div>
  );
}

/** The panel, when open: closed, it follows no results (a large run changes them with every event). */
export function GalleryPanel() {
  const open = useEditor((s) => s.galleryOpen);
  return open ? <OpenGallery /> : null;
}

function OpenGallery() {
  const nodeRuns = useEditor((s) => s.nodeRuns);
  const nodes = useEditor((s) => s.nodes);
  const specsByType = useEditor((s) => s.specsByType);
  const project = useEditor((s) => s.workflow?.title ?? "");

  // the viewer's items, so a file is named alike in both; only files (a text result is read in the viewer)
  const results = useMemo(() => collectResults(nodes, nodeRuns, specsByType, project)
    .filter((item) => item.kind !== "value"), [nodes, nodeRuns, specsByType, project]);
  const saved = useMemo(() => savedFileKeys(results, nodes, specsByType), [results, nodes, specsByType]);
  const [which, setWhich] = useState<ResultsShown>("all");
  // a choice only while there are both kinds (the saved files alone, or none, are all the results)
  const choosing = saved.size > 0 && saved.size < results.length;
  const items = useMemo(() => (choosing && which === "saved" ? results.filter((item) => saved.has(item.key))
    : results), [choosing, which, results, saved]);

  const [shown, setShown] = useState(CARDS_AT_ONCE);
  const end = useRef<HTMLLIElement | null>(null);
  const more = shown < items.length;
  useEffect(() => {
    const sentinel = end.current;
    if (!more || !sentinel) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setShown((count) => count + CARDS_AT_ONCE);
    });
    observer.observe(sentinel);  // still in view once the next cards are drawn: the callback draws more again
    return () => observer.disconnect();
  }, [more, shown]);

  return (
    <SidePanel title="Results" label="Result gallery" testId="gallery"
      onClose={() => useEditor.getState().toggleGallery(false)}>
      {items.length === 0 && <p className="text-sm text-zinc-500">Run the graph to see its results here.</p>}
      {choosing && <ShownChoice shown={which} saved={saved.size} all={results.length}
        onChange={(next) => { setWhich(next); setShown(CARDS_AT_ONCE); }} />}
      <ul className="flex flex-col gap-4">
        {items.slice(0, shown).map((item) => <li key={item.key} data-testid="gallery-item"><Preview item={item} />
        </li>)}
        {more && <li ref={end} aria-hidden="true" className="h-px" data-testid="gallery-more" />}
      </ul>
    </SidePanel>
  );
}
