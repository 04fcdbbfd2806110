// The full-size result viewer: one of the run's results (or a file in an upload field, opened from its ⤢) over the
// whole window, next and previous across them (buttons, arrow keys), download under its file name, and Escape to
// close.

import {
  lazy, Suspense, useCallback, useEffect, useMemo, useRef, type KeyboardEvent as ReactKeyboardEvent, type ReactNode,
  type RefObject,
} from "react";
import { keepTabIn, useFocusHeld } from "../modalFocus";
import { useEditor } from "../store/editorStore";
import type { ViewerState } from "../store/uiSlice";
import { CompareChooser } from "./CompareChooser";
import { downloadUrl, TOOL, valueText } from "./media";
import { PictureView } from "./PictureView";
import { Provenance } from "./Provenance";
import { VideoPlayer } from "./VideoPlayer";
import { inputOf, resultOf, sideOf } from "./compare";
import { viewerItems, EARLIER_TEXT, REMAKING_TEXT, type ViewerItem } from "./results";
import { useItemSource } from "./useItemSource";
import { useResultFile } from "./useResultFile";

const ModelViewer = lazy(() => import("../nodes/ModelViewer"));

/** Keys the viewer answers. No key reaches the canvas below while it is open (its Delete, undo... would act on
 * a graph out of sight): keys inside the dialog stop at it, after its own controls (the divider's arrows) had
 * them; keys from outside it (focus left on the page) are caught on their way down. Tab and Shift+Tab go round
 * the viewer's own controls, never to the page behind it. */
function useViewerKeys(dialog: RefObject<HTMLElement | null>, step: (delta: number) => void) {
  const latest = useRef(step);
  useEffect(() => { latest.current = step; });
  const answer = useCallback((event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.defaultPrevented || keepTabIn(dialog.current, event)) return;
    const target = event.target as HTMLElement | null;
    const ownsArrows = target?.matches("select, input, [role=slider], video, audio");
    if (event.key === "Escape") useEditor.getState().closeViewer();
    else if (event.key === "ArrowLeft" && !ownsArrows) latest.current(-1);
    else if (event.key === "ArrowRight" && !ownsArrows) latest.current(1);
    else return;
    event.preventDefault();
  }, [dialog]);
  useEffect(() => {
    const fromOutside = (event: KeyboardEvent) => {
      if (!dialog.current?.contains(event.target as Node)) answer(event);
    };
    window.addEventListener("keydown", fromOutside, true);
    return () => window.removeEventListener("keydown", fromOutside, true);
  }, [dialog, answer]);
  return (event: ReactKeyboardEvent) => answer(event.nativeEvent);
}

function DownloadButton({ item }: { item: ViewerItem }) {
  const { url } = useItemSource(item);
  const { name } = useResultFile(item);
  const className = `${TOOL} shrink-0 border border-white/15`;
  if (item.kind === "value") {
    return <a className={className} data-testid="viewer-download" download={`${item.downloadStem}.txt`}
      href={`data:text/plain;charset=utf-8,${encodeURIComponent(valueText(item.output))}`}>Download</a>;
  }
  if (!url) return null;
  // an upload's name is as it was given; its download takes the extension of the file's real type
  const named = !name ? "" : item.uploaded ? ` (uploaded as ${name})` : `, as ${name}`;
  return <a className={className} data-testid="viewer-download" download
    href={downloadUrl(url, item.downloadStem, item.fileName)}
    title={`Download the full-resolution file${named}`}>Download</a>;
}

function MediaBody({ item }: { item: ViewerItem }) {
  const { url } = useItemSource(item);
  if (item.kind === "value") {
    return <pre data-testid="viewer-text" className="max-h-full w-full max-w-3xl overflow-auto whitespace-pre-wrap
      rounded-lg bg-zinc-900 p-6 font-mono text-sm text-zinc-100">{valueText(item.output)}</pre>;
  }
  if (!url) return <p className="text-sm text-zinc-400">Loading…</p>;
  switch (item.kind) {
    case "video":
      return <VideoPlayer testId="viewer-video" url={url} className="max-h-full max-w-full"
        download={downloadUrl(url, item.downloadStem, item.fileName)} onDark />;
    case "audio":
      return <audio data-testid="viewer-audio" src={url} controls className="w-full max-w-xl" />;
    case "mesh":
      return (
        <Suspense fallback={<p className="text-sm text-zinc-400">Loading the 3D viewer…</p>}>
          <ModelViewer url={url} />
        </Suspense>
      );
    default:
      return <p className="text-sm text-zinc-300">This file has no preview: download it to open it.</p>;
  }
}

function Stage({ item, items, viewer }: { item: ViewerItem; items: ViewerItem[]; viewer: ViewerState }) {
  const edges = useEditor((s) => s.edges);
  const nodes = useEditor((s) => s.nodes);
  const specsByType = useEditor((s) => s.specsByType);
  if (item.kind !== "image" && item.kind !== "svg") {
    return <div className="flex h-full w-full items-center justify-center p-6"><MediaBody item={item} /></div>;
  }
  const compared = items.find((other) => other.key === viewer.compareKey) ?? null;
  const input = inputOf(item, items, edges, nodes, specsByType);
  // an original (an upload) has no input: it is compared with what was made from it
  const result = input ? null : resultOf(item, items, edges);
  const chooser = <CompareChooser item={item} items={items} input={input} result={result} comparing={compared} />;
  const compare = compared && { other: compared, side: sideOf(item, compared, edges) };
  // a new result starts fitted; turning the comparison on or off keeps the zoom
  return <PictureView key={item.key} item={item} compare={compare} controls={chooser} />;
}

function Frame({ dialog, onKeyDown, children }: {
  dialog: RefObject<HTMLDivElement | null>; onKeyDown(event: ReactKeyboardEvent): void; children: ReactNode;
}) {
  useFocusHeld(dialog);  // closed: back where the user was (the preview or the Results panel)
  return (
    <div ref={dialog} role="dialog" aria-modal="true" aria-label="Result viewer" tabIndex={-1} data-testid="viewer"
      onKeyDown={onKeyDown} className="fixed inset-0 z-50 flex flex-col bg-zinc-950 text-zinc-100 outline-none">
      {children}
    </div>
  );
}

function ViewerDialog({ viewer }: { viewer: ViewerState }) {
  const nodes = useEditor((s) => s.nodes);
  const nodeRuns = useEditor((s) => s.nodeRuns);
  const specsByType = useEditor((s) => s.specsByType);
  const project = useEditor((s) => s.workflow?.title ?? "");
  const items = useMemo(() => viewerItems(nodes, nodeRuns, specsByType, project),
    [nodes, nodeRuns, specsByType, project]);
  const index = items.findIndex((item) => item.key === viewer.key);
  const item = items[index];
  const step = (delta: number) => {
    if (items.length < 2 || index < 0) return;
    useEditor.getState().openViewer(items[(index + delta + items.length) % items.length].key);
  };
  const dialog = useRef<HTMLDivElement>(null);
  const onKeyDown = useViewerKeys(dialog, step);
  const close = () => useEditor.getState().closeViewer();
  const heading = item
    ? [item.title, item.remaking && REMAKING_TEXT, item.earlier && EARLIER_TEXT].filter(Boolean).join(" · ")
    : "This result is no longer there";

  return (
    <Frame dialog={dialog} onKeyDown={onKeyDown}>
      {/* on a phone, where provenance does not fit beside the rest, it takes a row of its own under it */}
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-white/10 px-4 py-2 text-sm">
        <span className="min-w-16 flex-1 truncate font-medium" data-testid="viewer-title" title={heading}>
          {heading}</span>
        {items.length > 1 && index >= 0 && (
          <span className="shrink-0 whitespace-nowrap tabular-nums text-zinc-400" data-testid="viewer-position">
            {index + 1} / {items.length}</span>
        )}
        {item?.output.asset_id && <Provenance assetId={item.output.asset_id} fileName={item.fileName} />}
        {item && <DownloadButton item={item} />}
        <button type="button" className={`${TOOL} shrink-0`} onClick={close} aria-label="Close viewer"
          title="Close (Esc)">✕</button>
      </header>
      <div className="relative min-h-0 flex-1">
        {item ? <Stage item={item} items={items} viewer={viewer} />
          : <p className="p-8 text-center text-sm text-zinc-400">Run the graph again to see it.</p>}
        {items.length > 1 && index >= 0 && (
          <>
            <button type="button" onClick={() => step(-1)} aria-label="Previous result" title="Previous (←)"
              className="absolute left-3 top-1/2 -translate-y-1/2 rounded-full bg-zinc-900/80 px-3 py-2 text-lg
                hover:bg-zinc-800">‹</button>
            <button type="button" onClick={() => step(1)} aria-label="Next result" title="Next (→)"
              className="absolute right-3 top-1/2 -translate-y-1/2 rounded-full bg-zinc-900/80 px-3 py-2 text-lg
                hover:bg-zinc-800">›</button>
          </>
        )}
      </div>
    </Frame>
  );
}

/** Mounted once in the editor; draws nothing (and watches no run state) until a result is opened. */
export function ResultViewer() {
  const viewer = useEditor((s) => s.viewer);
  return viewer ? <ViewerDialog viewer={viewer} /> : null;
}
