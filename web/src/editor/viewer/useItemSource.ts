// The file a viewer item draws from: its content URL and its output with the file's media type, taken from the
// asset's record when the item does not carry them (a file just put in an upload field: no run has described it),
// so a HEIC or TIFF photo is drawn from the server's converted copy, not from a file the browser cannot read.

import { useMemo } from "react";
import type { OutputValue } from "../../api/types";
import { useAsset } from "../hooks/useAssetUrl";
import { useEditor } from "../store/editorStore";
import { sharedWorkflowId } from "../store/graphSlice";
import type { ViewerItem } from "./results";

export interface ItemSource {
  /** The content URL; null while the asset's record is on its way, or when it cannot be read. */
  url: string | null;
  /** The item's output, with `mime` from the record when the item came without one. */
  output: OutputValue | undefined;
}

/** An upload is asked for as its field asks for it (on a project shared with the user, as one of that project's
 * inputs: a file no run has used yet is no run's result). The URL of an item without a media type waits for the
 * record that says it: drawn before, a HEIC photo would break. */
export function useItemSource(item: ViewerItem | undefined): ItemSource {
  const shared = useEditor((s) => sharedWorkflowId(s.workflow));
  const output = item?.output;
  const described = Boolean(output?.url && output.mime);
  const asset = useAsset(described ? undefined : output?.asset_id, item?.uploaded ? { workflowId: shared } : undefined);
  const filled = useMemo(() => (output && !output.mime && asset ? { ...output, mime: asset.mime } : output),
    [output, asset]);
  return { url: described ? output?.url ?? null : asset?.url ?? null, output: filled };
}
