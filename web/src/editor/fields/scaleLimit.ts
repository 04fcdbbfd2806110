// The scales of an upscaler's select (the Upscale tool, an upscaling model: its spec's `upscaling`) that would
// enlarge the picture wired into it past the studio's pixel limit (KARATE_MAX_IMAGE_PIXELS, sent with the node
// catalog). The server refuses those when the node runs (karate/nodes/tools/pixel_limit.py); the select marks them
// before, for a picture whose size the editor knows: an upload's file, or the last result of the node it comes from.

import { imagePixelLimit } from "../../api/nodes";
import type { Upscaling } from "../../api/types";
import { useAsset } from "../hooks/useAssetUrl";
import { useEditor, type EditorState } from "../store/editorStore";
import { sharedWorkflowId } from "../store/graphSlice";
import { sizeWords } from "../viewer/media";
import type { Size } from "../viewer/zoom";

/** One choice of a scale select: how it reads ("4×", or "4× — too large: 16000 × 12000") and whether it fits. */
export interface ScaleOption {
  label: string;
  fits: boolean;
}

export interface ScaleLimit {
  /** The select's options in their order. */
  options: ScaleOption[];
  /** What the field says under itself when its value is too large; null when it fits or nothing is known. */
  problem: string | null;
}

/** Whether a picture of `size` enlarged `scale` times stays within `maxPixels` (width × height): the server's
 * `fits`. */
export function scaleFits(size: Size, scale: number, maxPixels: number): boolean {
  return size.width * scale * size.height * scale <= maxPixels;
}

/** The options and problem of the select of `upscaling`'s scale, holding `value`, for a picture of `size` (null:
 * not known) within `maxPixels` (null: not loaded): every option may be chosen when either is unknown. */
export function scaleLimit(upscaling: Upscaling, options: readonly unknown[], value: unknown,
  size: Size | null, maxPixels: number | null): ScaleLimit {
  const scaleOf = (option: unknown) => upscaling.scales.find((choice) => choice.value === option)?.scale;
  const tooLargeAt = (scale: number) => size !== null && maxPixels !== null && !scaleFits(size, scale, maxPixels);
  const described = options.map((option): ScaleOption => {
    const scale = scaleOf(option);
    if (scale === undefined) return { label: String(option), fits: true };
    if (!size || !tooLargeAt(scale)) return { label: `${scale}×`, fits: true };
    return { label: `${scale}× — too large: ${sizeWords(size.width * scale, size.height * scale)}`, fits: false };
  });
  const chosen = scaleOf(value);
  if (!size || maxPixels === null || chosen === undefined || !tooLargeAt(chosen)) {
    return { options: described, problem: null };
  }
  const fitting = upscaling.scales.map((choice) => choice.scale).filter((scale) => !tooLargeAt(scale));
  return { options: described, problem: tooLarge(size, chosen, maxPixels, fitting) };
}

/** "At 4× this 6000 × 5000 picture would be 24000 × 20000, past this studio's 100-megapixel limit; choose 2×, or
 * crop the picture first." */
function tooLarge(size: Size, scale: number, maxPixels: number, fitting: number[]): string {
  const result = `At ${scale}× this ${sizeWords(size.width, size.height)} picture would be `
    + `${sizeWords(size.width * scale, size.height * scale)}, `
    + `past this studio's ${megapixels(maxPixels)}-megapixel limit`;
  if (fitting.length === 0) return `${result}; no scale fits, so crop or shrink the picture first.`;
  const best = Math.max(...fitting);
  const choice = best === Math.min(...fitting) ? `${best}×` : `${best}× or less`;
  return `${result}; choose ${choice}, or crop the picture first.`;
}

/** A pixel count in megapixels, as the server words its limit: "100", "12.5". */
function megapixels(pixels: number): string {
  const value = pixels / 1e6;
  return value >= 100 ? Math.round(value).toLocaleString("en") : String(Number(value.toPrecision(3)));
}

/** The node's `upscaling`, when `param` is its scale parameter. */
function upscalingOf(state: EditorState, nodeId: string, param: string): Upscaling | undefined {
  const node = state.nodes.find((n) => n.id === nodeId);
  const upscaling = node?.type === "studio" ? state.specsByType.get(node.data.nodeType)?.upscaling : undefined;
  return upscaling?.param === param ? upscaling : undefined;
}

/** The edge into the node's `port`, as "source\nhandle" (a string, so the selector is stable). */
function feed(state: EditorState, nodeId: string, port: string | undefined): string | null {
  const edge = port ? state.edges.find((e) => e.target === nodeId && e.targetHandle === port) : undefined;
  return edge ? `${edge.source}\n${edge.sourceHandle ?? ""}` : null;
}

const sized = (known: { width?: number | null; height?: number | null } | null | undefined): Size | null =>
  known?.width && known.height ? { width: known.width, height: known.height } : null;

/** The size of the picture arriving at the node's `port`, where the editor knows it: the file of the upload node it
 * comes from (its current file, whatever an earlier run gave), else the last result of the node it comes from (the
 * size its frame shows); null otherwise (a model's output not yet run). */
function usePictureSize(nodeId: string, port: string | undefined): Size | null {
  const source = useEditor((s) => feed(s, nodeId, port));
  const [sourceId, handle] = source ? source.split("\n") : [null, null];
  const uploaded = useEditor((s) => {
    const node = sourceId ? s.nodes.find((n) => n.id === sourceId) : undefined;
    const assetId = node?.type === "studio" ? node.data.params.asset_id : undefined;
    return typeof assetId === "string" && assetId ? assetId : undefined;
  });
  const shared = useEditor((s) => sharedWorkflowId(s.workflow));
  const asset = useAsset(uploaded, { workflowId: shared });
  const result = useEditor((s) => (sourceId && handle ? s.nodeRuns[sourceId]?.outputs?.[handle] : undefined));
  return uploaded ? sized(asset) : sized(result);
}

/** The scale limit of the select of parameter `param` of the node, holding `value`; null for a select that is not
 * an upscaler's scale. */
export function useScaleLimit(nodeId: string, param: string, options: readonly unknown[],
  value: unknown): ScaleLimit | null {
  const upscaling = useEditor((s) => upscalingOf(s, nodeId, param));
  const size = usePictureSize(nodeId, upscaling?.port);
  return upscaling ? scaleLimit(upscaling, options, value, size, imagePixelLimit()) : null;
}
