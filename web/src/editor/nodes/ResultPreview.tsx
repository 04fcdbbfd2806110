// A node's results, shown in place in frames of a fixed size (so a run never makes a node taller): images,
// masks, video, svg, 3D models, text and numbers. A click opens a result in the full-size viewer; a file an output
// node saved downloads from its frame, under the name the viewer gives it.

import { lazy, Suspense, useState, type ReactNode, type SyntheticEvent } from "react";
import { THUMBNAIL_SIZE, thumbnailUrl, type ThumbnailSize } from "../../api/assets";
import type { NodeSpec, OutputValue } from "../../api/types";
import { resultPorts } from "../graph/ports";
import { useAsset, useAssetUrl } from "../hooks/useAssetUrl";
import { useEditor, type EditorState } from "../store/editorStore";
import type { NodeRunState } from "../types";
import { CHECKER, downloadUrl, mediaKind, savedName, sizeWords, valueText } from "../viewer/media";
import { fromEarlierRun, itemKey, remade, resultStem } from "../viewer/results";
import { VideoPlayer } from "../viewer/VideoPlayer";

const ModelViewer = lazy(() => import("./ModelViewer"));

/** At most this many items of a list output are drawn in its frame; the viewer shows them all. */
const LIST_SHOWN = 4;

/** The thumbnail last drawn of each picture (by asset id and size): the very file the browser holds, which a stand-in
 * shows at once (its URL asked for again would be signed anew, another file to fetch). */
const drawnThumbnails = new Map<string, string>();
const drawnKey = (assetId: string, size: ThumbnailSize) => `${assetId}@${size}`;

/** A picture's thumbnail in its box, sized to the picture, not the box: the chequerboard is behind its own pixels
 * only (an opaque photo gets no chequered bars beside it, which would read as transparency). Until its pixels are in,
 * its box shows its stand-in's once they are in, else the picture it drew last (a run made it again: the box keeps
 * it until the new one can take its place at once), else shimmers (a large result's preview is made on first
 * request, and "Done" on the node must not read as "nothing came"). The pictures on their way load out of sight. */
function Picture({ assetId, url, label, size, standIn }: {
  assetId: string | undefined; url: string | null; label: string; size: ThumbnailSize; standIn?: OutputValue;
}) {
  const shownStandIn = standIn?.asset_id ? drawnThumbnails.get(drawnKey(standIn.asset_id, size)) : undefined;
  const standInResolved = useAssetUrl(shownStandIn ? undefined : standIn?.asset_id, standIn?.url);
  const standInThumbnail = shownStandIn ?? (standInResolved ? thumbnailUrl(standInResolved, size) : null);
  // how each thumbnail asked for ended ("load" or "error"), and the one drawn last in this box
  const [ended, setEnded] = useState<{ load: string[]; error: string[]; last: string | null }>(
    { load: [], error: [], last: null });
  const own = url ? thumbnailUrl(url, size) : null;
  const ownDrawn = own !== null && (ended.load.includes(own) || ended.error.includes(own));
  // a stand-in that cannot be drawn (its signed URL ran out meanwhile) is left out
  const standInThumb = ownDrawn || (standInThumbnail && ended.error.includes(standInThumbnail)) ? null
    : standInThumbnail;
  const standInIn = standInThumb !== null && ended.load.includes(standInThumb);
  const kept = ownDrawn || standInIn ? null : ended.last;
  // in sight: its own once drawn, else its stand-in once drawn, else the last picture, else whichever is on its way
  const shown = ownDrawn || standInIn ? (ownDrawn ? own : standInThumb) : kept ?? standInThumb ?? own;
  if (!shown) return <div className="h-full w-full animate-pulse bg-zinc-100 dark:bg-zinc-800" />;
  const blank = !ownDrawn && !standInIn && !kept;
  const seen = (which: "own" | "standIn") => (e: SyntheticEvent<HTMLImageElement>) => {
    const src = e.currentTarget.getAttribute("src");
    if (!src) return;
    if (which === "own" && assetId && e.type === "load") drawnThumbnails.set(drawnKey(assetId, size), src);
    const loaded = e.type === "load";
    setEnded((last) => ({ load: loaded ? [...last.load.slice(-3), src] : last.load,
      error: loaded ? last.error : [...last.error.slice(-3), src], last: loaded ? src : last.last }));
  };
  const pictures = [...new Set([kept, standInThumb, own])].filter((src): src is string => src !== null);
  return (
    <span aria-busy={!ownDrawn || undefined} className={`relative flex h-full w-full items-center justify-center${
      blank ? " animate-pulse bg-zinc-100 dark:bg-zinc-800" : ""}`}>
      {/* keyed by its address, so a picture loaded out of sight is the very element brought into sight */}
      {pictures.map((src) => (
        <img key={src} data-testid={src === own ? "preview-image" : src === standInThumb ? "preview-stand-in"
          : "preview-kept"} src={src} alt={src === shown ? label : ""} loading="lazy" draggable={false}
          onLoad={src === kept ? undefined : seen(src === own ? "own" : "standIn")}
          onError={src === kept ? undefined : seen(src === own ? "own" : "standIn")}
          className={src === shown ? `max-h-full max-w-full ${CHECKER}`
            : "pointer-events-none absolute h-px w-px opacity-0"} />
      ))}
    </span>
  );
}

/** One result drawn in its box: pictures whole (never cropped), video with controls, text scrolled. `standIn`: a
 * picture of the same pixels drawn while this one's own is on its way (a Save node's file: the picture fed to it,
 * which the node above already shows), so the box does not go blank. */
export function OutputPreview({ output, label, size = THUMBNAIL_SIZE.frame, standIn }: {
  output: OutputValue; label: string; size?: ThumbnailSize; standIn?: OutputValue;
}) {
  // a new picture's URL may take a moment to ask for: its Picture keeps the last one in sight meanwhile
  const url = useAssetUrl(output.asset_id, output.url);
  const kind = mediaKind(output);
  if (kind === "value") {
    return (
      <pre data-testid="preview-text" className="nodrag nowheel h-full w-full overflow-auto whitespace-pre-wrap
        p-2 font-mono text-[11px] text-zinc-700 dark:text-zinc-300">
        {valueText(output)}
      </pre>
    );
  }
  if (kind === "image") {
    return <Picture assetId={output.asset_id} url={url} label={label} size={size} standIn={standIn} />;
  }
  if (!url) return <div className="h-full w-full animate-pulse bg-zinc-100 dark:bg-zinc-800" />;
  switch (kind) {
    case "svg":
      return <img data-testid="preview-svg" src={url} alt={label} draggable={false}
        className="h-full w-full bg-white object-contain" />;
    case "video":
      return <VideoPlayer testId="preview-video" url={url} className="nodrag h-full w-full object-contain" />;
    case "audio":
      return <audio data-testid="preview-audio" src={url} controls className="nodrag w-full" />;
    case "mesh":
      return (
        <Suspense fallback={<div className="h-full w-full animate-pulse bg-zinc-800" />}>
          <ModelViewer url={url} />
        </Suspense>
      );
    default:
      return <span className="text-xs text-zinc-500">{label}</span>;
  }
}

/** The look of the button over a result, in its frame's top right corner. */
const FRAME_BUTTON = "rounded bg-black/55 px-1.5 py-0.5 text-[11px] leading-none text-white hover:bg-black/75 "
  + "focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent";

/** A box of fixed size (a run never makes a node taller) with a result in it, the button that opens it full size
 * over its corner, and under it, when it has one, its caption: what a designer reads about the result (its port,
 * on a small box of a node with several outputs; its size; a saved file's Download), on a line of its own, so that
 * none of it hides a pixel of the result, nor one word another. */
function ResultFrame({ label, onOpen, caption, tall, children }: {
  label: string; onOpen?: () => void; caption?: ReactNode; tall: boolean; children: ReactNode;
}) {
  return (
    <div data-testid="result-frame" className={`group flex w-full flex-col overflow-hidden rounded-md border
      border-zinc-100 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950 ${tall ? "h-40" : "h-24"}`}>
      <div className="relative flex min-h-0 w-full flex-1 items-center justify-center">
        {children}
        {onOpen && (
          <button type="button" onClick={onOpen} aria-label={`Open ${label} full size`} data-testid="open-viewer"
            title="Open full size" className={`${FRAME_BUTTON} absolute right-1 top-1 opacity-70 transition-opacity
              hover:opacity-100 focus-visible:opacity-100 group-hover:opacity-100`}>
            ⤢
          </button>
        )}
      </div>
      {(caption || !tall) && (
        // words too long for one line (a port's name beside a five-digit size) take a second, from the picture
        <div data-testid="result-caption" className="flex min-h-5 shrink-0 flex-wrap items-center gap-x-1
          border-t border-zinc-100 px-1 py-0.5 text-[10px] leading-4 text-zinc-500 dark:border-zinc-800
          dark:text-zinc-400">
          {!tall && <span className="min-w-0 truncate font-medium text-zinc-700 dark:text-zinc-300" title={label}>
            {label}</span>}
          {caption}
        </div>
      )}
    </div>
  );
}

/** The size in pixels of each saved file a frame told (by asset id). */
const savedSizes = new Map<string, { width: number; height: number }>();

/** A picture's size in pixels ("6048 × 8064"): what an upscale or a crop made, before opening it. A saved file's
 * run tells its bytes, not its pixels: its size is its asset's record's, which the studio measured as it stored it,
 * else that of the picture fed to it (`fed`: the same pixels; the record may be asked for before the studio has
 * written it). Null for a result that does not tell its size (text, a sound, an older run's record). */
function usePictureSize(output: OutputValue | undefined, saved: boolean, fed?: OutputValue): string | null {
  const image = output !== undefined && mediaKind(output) === "image";
  const record = useAsset(saved && image && !(output.width && output.height) ? output.asset_id : undefined);
  const told = [output, record, fed].find((each) => each?.width && each.height);
  // a saved file's, once told, is kept for it: it stays while a run makes the node again (nothing feeds it then)
  const file = saved ? output?.asset_id : undefined;
  if (told && file) savedSizes.set(file, { width: told.width!, height: told.height! });
  const { width, height } = (file && savedSizes.get(file)) || told || {};
  return image && width && height ? sizeWords(width, height) : null;
}

/** The picture on the wire into node `nodeId`, as the finished node above it made it: what a Save node's file holds,
 * pixel for pixel. Not one being made again, nor an earlier run's (the node above was run again alone since). */
function fedPicture(state: Pick<EditorState, "edges" | "nodeRuns">, nodeId: string): OutputValue | undefined {
  for (const edge of state.edges) {
    if (edge.target !== nodeId) continue;
    const above = state.nodeRuns[edge.source];
    const output = above?.status === "completed" ? above.outputs?.[edge.sourceHandle ?? ""] : undefined;
    if (output && !output.list && mediaKind(output) === "image") return output;
  }
  return undefined;
}

/** Whether a node's output is a file it saved (a Save node's PNG), which the node's frame downloads: the files of
 * output nodes, not lists (those download one by one from the viewer). */
const savedFile = (spec: NodeSpec, output: OutputValue): boolean =>
  spec.category.startsWith("outputs") && !output.list && mediaKind(output) !== "value";

/** The link that saves a node's saved file under its name (`poster.png`), the viewer's: a link, so it is followed
 * from the keyboard as by a click and the browser's own "Save link as" works. Pulled, it drags neither the node
 * (nodrag) nor its address (a link's own drag, which would drop a URL, not the file). */
function SavedFileDownload({ nodeId, port, output }: { nodeId: string; port: string; output: OutputValue }) {
  const url = useAssetUrl(output.asset_id, output.url);
  const stem = useEditor((s) => resultStem(s.nodes, s.nodeRuns, s.specsByType, s.workflow?.title ?? "", nodeId, port));
  if (!url) return null;
  const name = savedName(stem, output.mime);
  return (
    <a href={downloadUrl(url, stem)} download aria-label={`Download ${name}`} title={`Download ${name}`}
      draggable={false} data-testid="node-download" className="nodrag ml-auto shrink-0 rounded px-1
        text-[11px] font-medium leading-4 text-accent hover:bg-accent/10 hover:underline focus-visible:outline
        focus-visible:outline-2 focus-visible:outline-accent">Download</a>
  );
}

/** Pictures and text open on a click anywhere on them; players keep their clicks for their controls. */
const opensOnClick = (output: OutputValue) => ["image", "svg", "value"].includes(mediaKind(output));

/** What an empty frame says, by the node's status. */
function emptyText(run: NodeRunState | undefined, bypassed: boolean): string {
  if (bypassed) return "Bypassed: its input passes through";
  if (run?.status === "running") return "Running…";
  if (run?.status === "pending") return "Queued";
  if (run?.status === "completed") return "No result";
  return run ? "No result yet" : "Not run yet";
}

/** Over a node's last result while a run makes it again: what the node is doing, the result dimmed under it (it
 * stays until the new one comes, as in the Results panel: the card does not empty and jump). Over the result of an
 * earlier run that the latest did not make again (the node failed, was skipped or left out; its badge says why):
 * that it is an earlier one. */
function Remaking({ run }: { run: NodeRunState }) {
  return (
    <span data-testid="result-remaking" className="pointer-events-none absolute left-1 top-1 rounded bg-black/55 px-1
      text-[10px] leading-4 text-white">{fromEarlierRun(run) ? EARLIER_BADGE : emptyText(run, false)}</span>
  );
}

/** What a node's frame says over a result the latest run did not make again. */
const EARLIER_BADGE = "Earlier result";

function PortResult({ nodeId, spec, port, output, tall, run, bypassed }: {
  nodeId: string; spec: NodeSpec; port: string; output: OutputValue | undefined; tall: boolean;
  run: NodeRunState | undefined; bypassed: boolean;
}) {
  const dimmed = run !== undefined && (remade(run) || fromEarlierRun(run));
  const dim = dimmed ? "opacity-50" : "";
  const saved = output !== undefined && savedFile(spec, output);
  // a file just saved is the picture fed to it: that picture, which the node above already shows, stands in for it
  // until its own preview is in, as its record's URL and its thumbnail are asked for
  const standIn = useEditor((s) => (saved && !dimmed ? fedPicture(s, nodeId) : undefined));
  const size = usePictureSize(output?.list ? undefined : output, saved, standIn);
  if (!output) {
    return (
      <ResultFrame label={port} tall={tall}>
        <span className="px-2 text-center text-[11px] text-zinc-400" data-testid="result-placeholder">
          {emptyText(run, bypassed)}</span>
      </ResultFrame>
    );
  }
  const open = (index: number | null) => () => useEditor.getState().openViewer(itemKey(nodeId, port, index));
  if (output.list) {
    const shown = output.list.slice(0, LIST_SHOWN);
    const more = output.list.length - LIST_SHOWN;
    return (
      <ResultFrame label={port} tall={tall} onOpen={output.list.length ? open(0) : undefined}
        caption={more > 0 ? <span className="ml-auto shrink-0">+{more} more</span> : undefined}>
        <div className={`grid h-full w-full grid-cols-2 gap-0.5 ${dim}`}>
          {shown.map((item, index) => (
            <button key={index} type="button" onClick={open(index)} className="relative min-h-0 overflow-hidden"
              aria-label={`Open ${port} ${index + 1} full size`}>
              <OutputPreview output={item} label={`${port} ${index + 1}`} size={THUMBNAIL_SIZE.tile} />
            </button>
          ))}
        </div>
        {dimmed && <Remaking run={run} />}
      </ResultFrame>
    );
  }
  const caption = size || saved ? (
    <>
      {size && <span data-testid="result-size" className={`shrink-0${tall ? "" : " ml-auto"}`}>
        {size}</span>}
      {saved && <SavedFileDownload nodeId={nodeId} port={port} output={output} />}
    </>
  ) : undefined;
  return (
    <ResultFrame label={port} tall={tall} onOpen={open(null)} caption={caption}>
      {opensOnClick(output) ? (
        <div role="presentation" className={`h-full w-full cursor-zoom-in ${dim}`} onClick={open(null)}>
          <OutputPreview output={output} label={port} standIn={standIn} />
        </div>
      ) : <div className={`h-full w-full ${dim}`}><OutputPreview output={output} label={port} /></div>}
      {dimmed && <Remaking run={run} />}
    </ResultFrame>
  );
}

/** The node's result frames, one per shown output port: empty until the node has run; while a run makes them again,
 * its last results, dimmed; when the latest run did not make them again, an earlier run's, dimmed and marked. */
export function ResultPreview({ nodeId, spec, run, bypassed = false }: {
  nodeId: string; spec: NodeSpec; run: NodeRunState | undefined; bypassed?: boolean;
}) {
  const ports = resultPorts(spec);
  if (ports.length === 0) return null;
  const outputs = run?.outputs ?? {};
  const tall = ports.length === 1;
  return (
    <div data-testid="node-result" className={`grid gap-1.5 border-t border-zinc-100 p-2.5 dark:border-zinc-800
      ${tall ? "grid-cols-1" : "grid-cols-2"}`}>
      {ports.map((port) => <PortResult key={port.name} nodeId={nodeId} spec={spec} port={port.name}
        output={outputs[port.name]} tall={tall} run={run} bypassed={bypassed} />)}
    </div>
  );
}
