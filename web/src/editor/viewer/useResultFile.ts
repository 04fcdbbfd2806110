// What a result's file is called and what tells it apart, for the Results panel: an upload's own name (as its node
// keeps it), else the name its download is saved under, and its size in pixels or its length.

import { useEditor } from "../store/editorStore";
import { sharedWorkflowId } from "../store/graphSlice";
import { useAsset } from "../hooks/useAssetUrl";
import { fileFacts, savedName } from "./media";
import type { ViewerItem } from "./results";

export interface ResultFile {
  /** `IMG_4032.jpg` (an upload), `Poster - Save Image.png`; null while an upload's record is on its way. */
  name: string | null;
  /** `1200 × 1600`, `0:12`; null when not known. */
  facts: string | null;
}

/** The asset's record is asked for only for what the run's record and the node do not say: the name of an upload
 * whose node keeps none, the length of a video or sound, the pixel size of a result read back from the cache. An
 * upload is asked for as its node's upload field asks for it, so the answer that field already has is used again. */
export function useResultFile(item: ViewerItem): ResultFile {
  const { output, kind, uploaded, fileName } = item;
  const sized = Boolean(output.width && output.height);
  const wanted = (uploaded && !fileName) || (kind === "image" && !sized) || kind === "video" || kind === "audio";
  const shared = useEditor((s) => sharedWorkflowId(s.workflow));
  const asset = useAsset(wanted ? output.asset_id : undefined, uploaded ? { workflowId: shared } : undefined);
  const name = uploaded ? fileName ?? asset?.filename ?? null : savedName(item.downloadStem, output.mime);
  const facts = fileFacts(kind, sized ? output : asset ?? {}, asset?.duration);
  return { name, facts };
}
