// The scales of an upscaler's select (the Upscale tool, an upscaling model: its spec's `upscaling`) that would
// enlarge the picture wired into it past the studio's pixel limit (KARATE_MAX_IMAGE_PIXELS, sent with the node
// catalog). The server refuses those when the node runs (karate/nodes/tools/pixel_limit.py); the select marks them
// before, for a picture whose size the editor knows: an upload's file, or the last result of the node it comes from;
// and Run refuses an upscaler holding one (upscalesTooLarge, for runGate.ts), rather than start a run that fails.

import { knownAsset } from "../../api/assets";
import { imagePixelLimit } from "../../api/nodes";
import type { Upscaling } from "../../api/types";
import { defaultParams } from "../graph/schemaForm";
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

/** The scale `value` stands for among `upscaling`'s scales; undefined for a value that is none of them. */
const scaleOf = (upscaling: Upscaling, value: unknown) =>
  upscaling.scales.find((choice) => choice.value === value)?.scale;

/** Why `upscaling`'s `value` is too large for a picture of `size` within `maxPixels`: its scale and the scales that
 * fit instead; null when it fits, or is not one of the scales. */
function overLimit(upscaling: Upscaling, value: unknown, size: Size, maxPixels: number):
  { scale: number; fitting: number[] } | null {
  const scale = scaleOf(upscaling, value);
  if (scale === undefined || scaleFits(size, scale, maxPixels)) return null;
  const fitting = upscaling.scales.map((choice) => choice.scale).filter((each) => scaleFits(size, each, maxPixels));
  return { scale, fitting };
}

/** The options and problem of the select of `upscaling`'s scale, holding `value`, for a picture of `size` (null:
 * not known) within `maxPixels` (null: not loaded): every option may be chosen when either is unknown. */
export function scaleLimit(upscaling: Upscaling, options: readonly unknown[], value: unknown,
  size: Size | null, maxPixels: number | null): ScaleLimit {
  const described = options.map((option): ScaleOption => {
    const scale = scaleOf(upscaling, option);
    if (scale === undefined) return { label: String(option), fits: true };
    if (!size || maxPixels === null || scaleFits(size, scale, maxPixels)) return { label: `${scale}×`, fits: true };
    return { label: `${scale}× — too large: ${sizeWords(size.width * scale, size.height * scale)}`, fits: false };
  });
  if (!size || maxPixels === null) return { options: described, problem: null };
  const over = overLimit(upscaling, value, size, maxPixels);
  return { options: described, problem: over && tooLarge(size, over.scale, maxPixels, over.fitting) };
}

/** "At 4× this 6000 × 5000 picture would be 24000 × 20000, past this studio's 100-megapixel limit": what a scale
 * too large would make. */
function wouldMake(size: Size, scale: number, maxPixels: number): string {
  return `At ${scale}× this ${sizeWords(size.width, size.height)} picture would be `
    + `${sizeWords(size.width * scale, size.height * scale)}, `
    + `past this studio's ${megapixels(maxPixels)}-megapixel limit`;
}

/** "choose 2×", "choose 3× or less": the scales that fit, as a choice to make; null when none does. */
function choiceOf(fitting: readonly number[]): string | null {
  if (fitting.length === 0) return null;
  const best = Math.max(...fitting);
  return best === Math.min(...fitting) ? `choose ${best}×` : `choose ${best}× or less`;
}

/** "At 4× this 6000 × 5000 picture would be 24000 × 20000, past this studio's 100-megapixel limit; choose 2×, or
 * crop the picture first.": what the field says under itself. */
function tooLarge(size: Size, scale: number, maxPixels: number, fitting: number[]): string {
  const choice = choiceOf(fitting);
  const remedy = choice ? `${choice}, or crop the picture first` : "no scale fits, so crop or shrink the picture first";
  return `${wouldMake(size, scale, maxPixels)}; ${remedy}.`;
}

/** "Upscale can't run: at 4× this 6000 × 5000 picture would be 24000 × 20000, past this studio's 100-megapixel
 * limit. Choose 2× on Upscale, or crop the picture first.": why Run starts nothing, the node named `name`. */
function cantRun(name: string, size: Size, scale: number, maxPixels: number, fitting: number[]): string {
  const made = wouldMake(size, scale, maxPixels);
  const choice = choiceOf(fitting);
  const remedy = choice ? `${choice.charAt(0).toUpperCase()}${choice.slice(1)} on ${name}, or crop the picture first.`
    : `No scale fits, so crop or shrink the picture first.`;
  return `${name} can't run: ${made.charAt(0).toLowerCase()}${made.slice(1)}. ${remedy}`;
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

/** The file an upload node holds, when node `sourceId` is one. */
function uploadedAsset(state: EditorState, sourceId: string | null): string | undefined {
  const node = sourceId ? state.nodes.find((n) => n.id === sourceId) : undefined;
  const assetId = node?.type === "studio" ? node.data.params.asset_id : undefined;
  return typeof assetId === "string" && assetId ? assetId : undefined;
}

/** The last result of the node `source` ("node\nhandle") comes from. */
const resultOf = (state: EditorState, source: string | null) => {
  const [sourceId, handle] = source ? source.split("\n") : [null, null];
  return sourceId && handle ? state.nodeRuns[sourceId]?.outputs?.[handle] : undefined;
};

/** The size of the picture arriving at the node's `port`, where the editor knows it: the file of the upload node it
 * comes from (its current file, whatever an earlier run gave), else the last result of the node it comes from (the
 * size its frame shows); null otherwise (a model's output not yet run). */
function usePictureSize(nodeId: string, port: string | undefined): Size | null {
  const source = useEditor((s) => feed(s, nodeId, port));
  const uploaded = useEditor((s) => uploadedAsset(s, source?.split("\n")[0] ?? null));
  const shared = useEditor((s) => sharedWorkflowId(s.workflow));
  const asset = useAsset(uploaded, { workflowId: shared });
  const result = useEditor((s) => resultOf(s, source));
  return uploaded ? sized(asset) : sized(result);
}

/** usePictureSize outside React: an upload's file only once its record has come (nothing is asked for here). */
function pictureSize(state: EditorState, nodeId: string, port: string | undefined): Size | null {
  const source = feed(state, nodeId, port);
  const uploaded = uploadedAsset(state, source?.split("\n")[0] ?? null);
  return uploaded ? sized(knownAsset(uploaded)) : sized(resultOf(state, source));
}

/** An upscaler that would run holding a scale its select says is too large: the node, the parameter of that select
 * and why it can't run ("Upscale can't run: at 4× …"). */
export interface UpscaleTooLarge {
  nodeId: string;
  param: string;
  text: string;
}

/** The upscalers among `among` (all when absent) not bypassed whose scale is too large for the picture arriving,
 * where the editor knows its size, as their selects say; `nameOf` says what the user calls a node. */
export function upscalesTooLarge(state: EditorState, nameOf: (nodeId: string) => string,
  among?: ReadonlySet<string>): UpscaleTooLarge[] {
  const maxPixels = imagePixelLimit();
  if (maxPixels === null) return [];
  return state.nodes.flatMap((node): UpscaleTooLarge[] => {
    if (node.type !== "studio" || node.data.bypass || (among && !among.has(node.id))) return [];
    const spec = state.specsByType.get(node.data.nodeType);
    const upscaling = spec?.upscaling;
    const size = upscaling ? pictureSize(state, node.id, upscaling.port) : null;
    if (!spec || !upscaling || !size) return [];
    // a parameter the graph leaves out runs at its default, which the select shows
    const value = node.data.params[upscaling.param] ?? defaultParams(spec.params_schema)[upscaling.param];
    const over = overLimit(upscaling, value, size, maxPixels);
    if (!over) return [];
    const text = cantRun(nameOf(node.id), size, over.scale, maxPixels, over.fitting);
    return [{ nodeId: node.id, param: upscaling.param, text }];
  });
}

/** The scale limit of the select of parameter `param` of the node, holding `value`; null for a select that is not
 * an upscaler's scale. */
export function useScaleLimit(nodeId: string, param: string, options: readonly unknown[],
  value: unknown): ScaleLimit | null {
  const upscaling = useEditor((s) => upscalingOf(s, nodeId, param));
  const size = usePictureSize(nodeId, upscaling?.port);
  return upscaling ? scaleLimit(upscaling, options, value, size, imagePixelLimit()) : null;
}
