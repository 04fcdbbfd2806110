// Upload an image, video or sound by drop or file picker; the parameter holds the uploaded asset's id, and the node
// keeps the file's name beside it (its own: the same bytes may sit in another node under another name). A file the
// input cannot take is refused in words that name only what it takes; several dropped at once, one is used and a
// notice says what became of the others. Under the preview: the file's name and its size in pixels (a picture) or its
// length (a video, a sound), so four dropped photos are four nodes told apart. A video plays in the field (muted until
// unmuted); a picture's or a video's ⤢ opens it full size in the viewer (a HEIC or TIFF photo converted there). On a
// touch screen, where nothing is dropped or clicked, it asks to tap. While the file it holds is on its way (a slow
// network), it says so, with the name its node keeps, rather than offering to choose one. A file dropped while the
// form takes no input (the project opening, view only) is refused in words saying why.

import { useRef, useState, useSyncExternalStore, type DragEvent } from "react";
import { acceptFor, acceptsFile, THUMBNAIL_SIZE, thumbnailUrl, uploadAsset } from "../../api/assets";
import type { Asset } from "../../api/types";
import { useAssetRecord } from "../hooks/useAssetUrl";
import { CHECKER, downloadUrl, fileFacts } from "../viewer/media";
import { VideoPlayer } from "../viewer/VideoPlayer";
import { uploadItemKey, viewerItems } from "../viewer/results";
import { clearRefusal, continued, ended, leftOutText, refusedFileText } from "../dropFiles";
import { useEditor } from "../store/editorStore";
import { sharedWorkflowId } from "../store/graphSlice";
import type { UploadMedia } from "../graph/schemaForm";
import { FieldLabel } from "./FieldLabel";
import { refusalNow } from "./lockedWords";
import type { FieldProps } from "./types";

const ARTICLE: Record<UploadMedia, string> = { image: "an image", video: "a video", audio: "an audio file" };
const LOADING: Record<UploadMedia, string> = {
  image: "Loading the picture…", video: "Loading the video…", audio: "Loading the sound…" };

/** A device whose main pointer is a finger (a phone, a tablet): nothing is dropped or clicked there, it is tapped. */
const COARSE_POINTER = "(pointer: coarse)";

function onPointerChange(changed: () => void): () => void {
  const query = window.matchMedia(COARSE_POINTER);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
}

/** Whether the field is used by touch, so it says "Tap" rather than "Drop" and "click". */
const useTouch = (): boolean =>
  useSyncExternalStore(onPointerChange, () => window.matchMedia(COARSE_POINTER).matches, () => false);

/** Whether a click or key in the field is its own, not one of a player's controls or a button in it (playing a
 * video or a sound must not open the file picker). */
const onTheField = (target: EventTarget) => !(target as Element).closest("video, audio, a, button");

/** Open the file `assetId` of node `nodeId`'s upload field in the full-size viewer. */
function openFullSize(nodeId: string, assetId: string) {
  const { nodes, nodeRuns, specsByType, workflow, openViewer } = useEditor.getState();
  const key = uploadItemKey(viewerItems(nodes, nodeRuns, specsByType, workflow?.title ?? ""), nodeId, assetId);
  if (key) openViewer(key);
}

/** The button over a preview that opens it full size (as a node's result frame has one). */
function FullSizeButton({ label, onOpen }: { label: string; onOpen(): void }) {
  return (
    <button type="button" onClick={onOpen} aria-label={`Open ${label} full size`} title="Open full size"
      data-testid="upload-open-viewer"
      className="absolute right-1 top-1 z-10 rounded bg-black/55 px-1.5 py-0.5 text-[11px] leading-none text-white
        opacity-70 transition-opacity hover:opacity-100 focus-visible:opacity-100">
      ⤢
    </button>
  );
}

/** The uploaded file's name (cut short, whole on hover) and what tells it apart: `1200 × 1600`, `0:12`. `played`:
 * the length the browser read from the file, for a sound or video whose length the server could not read. */
function FileLine({ asset, name, media, played }:
  { asset: Asset | null; name: string | null; media: UploadMedia; played: number | null }) {
  const facts = asset && fileFacts(media, asset, asset.duration ?? played);
  if (!name && !facts) return null;
  return (
    <p data-testid="upload-file" className="mt-1 flex min-w-0 items-baseline gap-2 text-[11px] text-zinc-500">
      {name && <span className="min-w-0 flex-1 truncate" title={name}>{name}</span>}
      {facts && <span className="ml-auto shrink-0 tabular-nums" data-testid="upload-facts">{facts}</span>}
    </p>
  );
}

/** `fileName`: the name the node keeps for its file (its `nameParam`); none in a workflow saved before nodes kept
 * one, which shows the asset's own name. */
export function UploadField({ field, value, fileName, nodeId, inputId, onChange }:
  FieldProps<"upload"> & { fileName?: unknown }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const touch = useTouch();
  const replace = touch ? "Tap here to replace" : "Drop or click here to replace";
  const [busy, setBusy] = useState(false);
  // a refusal is of a drop onto the file shown then: once another file is there (undo, the other form), it is old
  const [error, setError] = useState<{ message: string; over: string | undefined } | null>(null);
  const [over, setOver] = useState(false);
  const [played, setPlayed] = useState<{ url: string; seconds: number } | null>(null);
  // only the last file given settles the field: an earlier upload answering after it must not undo what it showed
  const attempts = useRef(0);
  const assetId = typeof value === "string" && value ? value : undefined;
  // on a project shared with the user or public, the file is theirs to see as one of its inputs
  const workflowId = useEditor((s) => sharedWorkflowId(s.workflow));
  // unreadable: the file is gone, or not the user's to see: the field offers to choose one rather than say it loads
  const { asset, unreadable } = useAssetRecord(assetId, { workflowId });
  const url = asset?.url ?? null;
  // the picture's thumbnail drawn: until then the box would stand empty
  const [drawn, setDrawn] = useState<string | null>(null);
  const loading = !busy && assetId !== undefined && (url ? field.accept === "image" && drawn !== url : !unreadable);
  const name = typeof fileName === "string" && fileName ? fileName : asset?.filename ?? null;
  const onMetadata = (event: { currentTarget: HTMLMediaElement }) => {
    if (url) setPlayed({ url, seconds: event.currentTarget.duration });
  };

  /** Upload `file`; `others`: the rest of a drop of several files, which this field leaves out, saying so; if the
   * server refuses `file`, the next of them this field takes is tried (`refused`: the names refused so far). */
  const upload = async (file: File | undefined, others: readonly File[] = [], refused: readonly string[] = []) => {
    if (!file) return;
    // the form takes no input now (a view-only project, one still opening, its live link ended): nothing is uploaded,
    // and a file dropped on it is told why rather than let fall without a word
    const why = refusalNow("drop it again", "add files to it");
    if (why !== null) {  // the form's fieldset is disabled exactly then (ParamForm)
      setError({ message: ended(`“${file.name}” was not added: ${continued(why)}`), over: assetId });
      return;
    }
    const attempt = ++attempts.current;
    const leftOut = (used: string | null) => {
      if (others.length || (used && refused.length)) useEditor.getState().notify(leftOutText(used, others, refused));
    };
    if (!acceptsFile(field.accept, file)) {
      const { specsByType } = useEditor.getState();
      setError({ message: refusedFileText(file, field.accept, (type) => specsByType.get(type)?.title), over: assetId });
      leftOut(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const uploaded = await uploadAsset(file, field.accept);
      if (attempt !== attempts.current) return;
      const named = uploaded.filename ?? file.name;
      onChange(uploaded.id, field.nameParam ? { [field.nameParam]: named } : undefined);
      clearRefusal();  // an earlier drop's refusal no longer tells what happened
      leftOut(named);
    } catch (e) {
      if (attempt !== attempts.current) return;
      const next = others.find((other) => acceptsFile(field.accept, other));
      if (next) {  // a drop of several: a file the server could not read gives way to the next that fits
        void upload(next, others.filter((other) => other !== next), [...refused, file.name]);
        return;
      }
      // named: the refusal sits under the file the field still holds, which is not the one refused
      const why = e instanceof Error ? e.message : "The upload failed; try again";
      setError({ message: ended(`“${file.name}” was not added. ${why}`), over: assetId });
      leftOut(null);
    } finally {
      if (attempt === attempts.current) setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    // one file fits: the first this field takes (else the first, to say why it does not), the rest left out
    const files = [...event.dataTransfer.files];
    const chosen = files.find((file) => acceptsFile(field.accept, file)) ?? files[0];
    void upload(chosen, files.filter((file) => file !== chosen));
  };

  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      {/* the ⤢ sits over the field, not in it: a button inside the field's own (a picker) would be read as part of it */}
      <div className="relative">
        <div role="button" tabIndex={0} data-testid="upload-drop"
          className={`nodrag flex min-h-24 cursor-pointer flex-col items-center justify-center overflow-hidden
            rounded-lg border border-dashed text-center text-[11px] transition-colors ${over
            ? "border-accent bg-indigo-50 dark:bg-indigo-950/30" : "border-zinc-300 dark:border-zinc-700"}`}
          onClick={(e) => { if (onTheField(e.target)) fileInput.current?.click(); }}
          onKeyDown={(e) => {
            if ((e.key === "Enter" || e.key === " ") && onTheField(e.target)) fileInput.current?.click();
          }}
          onDragOver={(e) => { if (e.dataTransfer.types.includes("Files")) { e.preventDefault(); setOver(true); } }}
          onDragLeave={() => setOver(false)} onDrop={onDrop}>
          {url && field.accept === "image" && (
            // transparency shows on the chequerboard results show it on, behind the picture's own pixels only
            <img src={thumbnailUrl(url, THUMBNAIL_SIZE.tile)} alt="Uploaded"
              onLoad={() => setDrawn(url)} onError={() => setDrawn(url)}
              className={`max-h-40 max-w-full ${CHECKER}`} />
          )}
          {url && assetId && field.accept === "video" && (
            // a video the browser can't play is told in words, kept clear of the ⤢ in the corner
            <span className="flex w-full flex-col gap-1.5 [&>[role=status]]:px-8">
              <VideoPlayer url={url} className="max-h-40 w-full bg-black" testId="upload-video" preview
                download={downloadUrl(url, "", name)} onLoadedMetadata={onMetadata} />
              <span className="pb-1.5 text-zinc-500">{replace}</span>
            </span>
          )}
          {url && field.accept === "audio" && (
            <span className="flex w-full flex-col gap-1.5 p-2">
              {/* playing the sound must not open the file picker */}
              <audio src={url} controls preload="metadata" className="h-8 w-full" data-testid="upload-audio"
                onLoadedMetadata={onMetadata} />
              <span className="text-zinc-500">{replace}</span>
            </span>
          )}
          {loading ? (
            <span role="status" className="px-3 py-4 text-zinc-500">{LOADING[field.accept]}</span>
          ) : !url && (
            <span className="px-3 py-4 text-zinc-500">
              {busy ? "Uploading…" : touch ? `Tap to choose ${ARTICLE[field.accept]}`
                : `Drop ${ARTICLE[field.accept]} or click to choose`}
            </span>
          )}
        </div>
        {url && assetId && field.accept !== "audio" && (
          <FullSizeButton label={name ?? `the ${field.accept}`} onOpen={() => openFullSize(nodeId, assetId)} />
        )}
      </div>
      {(asset || loading) && <FileLine asset={asset} name={name} media={field.accept}
        played={played?.url === url ? played.seconds : null} />}
      {/* reached through the drop area (Enter or Space there opens the picker): one Tab stop for the field, not two */}
      <input id={inputId} ref={fileInput} type="file" className="sr-only" accept={acceptFor(field.accept)}
        aria-label={`${field.label} file`} data-testid="upload-input" tabIndex={-1}
        onChange={(e) => { void upload(e.target.files?.[0]); e.target.value = ""; }} />
      {error && error.over === assetId && <p className="mt-1 text-[11px] text-red-500" role="alert">{error.message}</p>}
    </div>
  );
}
