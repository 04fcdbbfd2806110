// Run reads, outside React, what an upscaler's Scale select knows: which upscalers hold a scale too large for the
// picture arriving (an upload whose record has come, the last result of the node wired in), and words that say so
// with what to do; nothing when the size is not known, nor for an upscaler bypassed or not among those to run.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { knownAsset } from "../../api/assets";
import { setImagePixelLimit } from "../../api/nodes";
import type { Asset } from "../../api/types";
import { SPECS, UPSCALE } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { upscalesTooLarge } from "./scaleLimit";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  knownAsset: vi.fn() }));

const store = () => useEditor.getState();
const PHOTO = "a".repeat(64);
const nameOf = (nodeId: string) => ({ "upscale-1": "Upscale", "upscale-2": "Poster" })[nodeId] ?? nodeId;

/** An upload of PHOTO wired into an Upscale node holding `scale` (2× when absent: its default). */
function upscaleOfUpload(scale?: number): void {
  store().addNode("input.image", { x: 0, y: 0 });
  store().updateParams("image-1", { asset_id: PHOTO });
  store().addNode("tool.upscale", { x: 300, y: 0 });
  if (scale !== undefined) store().updateParams("upscale-1", { scale });
  store().connectPorts({ source: "image-1", sourceHandle: "image", target: "upscale-1", targetHandle: "image" });
}

const photoOf = (width: number, height: number) => ({ id: PHOTO, mime: "image/png", width, height } as Asset);

beforeEach(() => {
  resetEditor();
  store().setSpecs([...SPECS, UPSCALE]);
  setImagePixelLimit(200_000_000);
  vi.mocked(knownAsset).mockImplementation((id) => (id === PHOTO ? photoOf(8000, 6000) : undefined));
});
afterEach(() => setImagePixelLimit(null));

describe("upscalesTooLarge", () => {
  it("names an Upscale whose scale would pass the limit, with the scale to choose on it", () => {
    upscaleOfUpload(4);
    expect(upscalesTooLarge(store(), nameOf)).toEqual([{ nodeId: "upscale-1", param: "scale",
      text: "Upscale can't run: at 4× this 8000 × 6000 picture would be 32000 × 24000, past this studio's "
        + "200-megapixel limit. Choose 2× on Upscale, or crop the picture first." }]);
  });

  it("says when no scale fits, and reads a scale left at its default", () => {
    vi.mocked(knownAsset).mockReturnValue(photoOf(9000, 8000));
    upscaleOfUpload();
    expect(upscalesTooLarge(store(), nameOf).map((over) => over.text)).toEqual(["Upscale can't run: at 2× this "
      + "9000 × 8000 picture would be 18000 × 16000, past this studio's 200-megapixel limit. No scale fits, so crop "
      + "or shrink the picture first."]);
  });

  it("reads the last result of the node wired in", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().addNode("tool.upscale", { x: 300, y: 0 });
    store().updateParams("upscale-1", { scale: 3 });
    store().connectPorts({ source: "blur-1", sourceHandle: "image", target: "upscale-1", targetHandle: "image" });
    expect(upscalesTooLarge(store(), nameOf)).toEqual([]);  // not run yet: its size is not known
    useEditor.setState({ nodeRuns: { "blur-1": { status: "completed",
      outputs: { image: { asset_id: "b".repeat(64), mime: "image/png", width: 6000, height: 5000 } } } } });
    expect(upscalesTooLarge(store(), nameOf).map((over) => over.text)).toEqual(["Upscale can't run: at 3× this "
      + "6000 × 5000 picture would be 18000 × 15000, past this studio's 200-megapixel limit. Choose 2× on Upscale, or "
      + "crop the picture first."]);
  });

  it("finds nothing while the picture's size or the limit is not known, or the scale fits", () => {
    upscaleOfUpload(2);
    expect(upscalesTooLarge(store(), nameOf)).toEqual([]);
    store().updateParams("upscale-1", { scale: 4 });
    vi.mocked(knownAsset).mockReturnValue(undefined);  // its record has not come
    expect(upscalesTooLarge(store(), nameOf)).toEqual([]);
    vi.mocked(knownAsset).mockReturnValue(photoOf(8000, 6000));
    setImagePixelLimit(null);
    expect(upscalesTooLarge(store(), nameOf)).toEqual([]);
  });

  it("leaves out an upscaler bypassed, or not among the nodes to run", () => {
    upscaleOfUpload(4);
    expect(upscalesTooLarge(store(), nameOf, new Set(["image-1"]))).toEqual([]);
    store().toggleBypass(["upscale-1"]);
    expect(upscalesTooLarge(store(), nameOf)).toEqual([]);
  });
});
