// Upload an image, video or sound by drop or file picker; the parameter holds the uploaded asset's id. A file the
// input cannot take is refused in words that name only what it takes.

import { useRef, useState, type DragEvent } from "react";
import { acceptFor, acceptsFile, notAccepted, thumbnailUrl, uploadAsset } from "../../api/assets";
import { useAssetUrl } from "../hooks/useAssetUrl";
import { CHECKER } from "../viewer/media";
import { useEditor } from "../store/editorStore";
import { sharedWorkflowId } from "../store/graphSlice";
import type { UploadMedia } from "../graph/schemaForm";
import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";

const ARTICLE: Record<UploadMedia, string> = { image: "an image", video: "a video", audio: "an audio file" };

export function UploadField({ field, value, inputId, onChange }: FieldProps<"upload">) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const assetId = typeof value === "string" && value ? value : undefined;
  // on a project shared with the user or public, the file is theirs to see as one of its inputs
  const url = useAssetUrl(assetId, undefined, { workflowId: useEditor((s) => sharedWorkflowId(s.workflow)) });

  const upload = async (file: File | undefined) => {
    // a view-only project's form is a disabled fieldset: nothing is uploaded for it
    if (!file || fileInput.current?.matches(":disabled")) return;
    if (!acceptsFile(field.accept, file)) {
      setError(notAccepted(field.accept));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChange((await uploadAsset(file, field.accept)).id);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Upload failed");
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    void upload(event.dataTransfer.files[0]);
  };

  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <div role="button" tabIndex={0} data-testid="upload-drop"
        className={`nodrag flex min-h-24 cursor-pointer flex-col items-center justify-center overflow-hidden
          rounded-lg border border-dashed text-center text-[11px] transition-colors ${over
          ? "border-accent bg-indigo-50 dark:bg-indigo-950/30" : "border-zinc-300 dark:border-zinc-700"}`}
        onClick={() => fileInput.current?.click()}
        onKeyDown={(e) => { if (e.key === "Enter" || e.key === " ") fileInput.current?.click(); }}
        onDragOver={(e) => { if (e.dataTransfer.types.includes("Files")) { e.preventDefault(); setOver(true); } }}
        onDragLeave={() => setOver(false)} onDrop={onDrop}>
        {url && field.accept === "image" && (
          // transparency shows as the chequerboard results show it on, not as white
          <img src={thumbnailUrl(url)} alt="Uploaded" className={`max-h-40 w-full object-contain ${CHECKER}`} />
        )}
        {url && field.accept === "video" && <video src={url} className="max-h-40 w-full" muted />}
        {url && field.accept === "audio" && (
          <span className="flex w-full flex-col gap-1.5 p-2">
            {/* playing the sound must not open the file picker */}
            <audio src={url} controls preload="metadata" className="h-8 w-full" data-testid="upload-audio"
              onClick={(e) => e.stopPropagation()} />
            <span className="text-zinc-500">Drop or click here to replace</span>
          </span>
        )}
        {!url && (
          <span className="px-3 py-4 text-zinc-500">
            {busy ? "Uploading…" : `Drop ${ARTICLE[field.accept]} or click to choose`}
          </span>
        )}
      </div>
      <input id={inputId} ref={fileInput} type="file" className="sr-only" accept={acceptFor(field.accept)}
        aria-label={`${field.label} file`} data-testid="upload-input"
        onChange={(e) => { void upload(e.target.files?.[0]); e.target.value = ""; }} />
      {error && <p className="mt-1 text-[11px] text-red-500" role="alert">{error}</p>}
    </div>
  );
}
