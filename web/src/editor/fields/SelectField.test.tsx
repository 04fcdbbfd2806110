// An upscaler's Scale select offers a scale whose result would pass the studio's pixel limit as unavailable, saying
// the size it would make, and says under itself when the scale chosen is already too large: before a run, not after.
// A picture of unknown size (a model's output not yet run) leaves every scale on offer.

import { act, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getAsset } from "../../api/assets";
import { setImagePixelLimit } from "../../api/nodes";
import type { Asset, NodeSpec, OutputValue, Upscaling } from "../../api/types";
import { IMAGE_MODEL, spec } from "../../test/specs";
import { fieldsOf } from "../graph/schemaForm";
import { resetEditor, useEditor } from "../store/editorStore";
import type { EditorEdge, EditorNode } from "../types";
import { scaleLimit } from "./scaleLimit";
import { SelectField } from "./SelectField";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  getAsset: vi.fn() }));

const LIMIT = 100_000_000;
/** The Upscale tool as GET /api/v1/nodes describes it (karate/nodes/tools/upscale.py). */
const UPSCALING: Upscaling = { port: "image", param: "scale",
  scales: [{ scale: 2, value: 2 }, { scale: 3, value: 3 }, { scale: 4, value: 4 }] };
const UPSCALE: NodeSpec = { ...IMAGE_MODEL, type: "tool.upscale", title: "Upscale", category: "tools",
  inputs: [{ name: "image", type: "image", list: false, required: true, description: "" }],
  outputs: [{ name: "image", type: "image", list: false, required: true, description: "" }],
  params_schema: { type: "object", properties: { scale: { default: 2, description: "How many times wider and taller",
    enum: [2, 3, 4], title: "Scale", type: "integer", ui: "select" } } },
  upscaling: UPSCALING };
const BLUR = spec("tool.blur");

const studioNode = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });
const wire = (source: string): EditorEdge =>
  ({ id: "e", source, sourceHandle: "image", target: "upscale", targetHandle: "image" });

/** An Upscale node holding `scale`, fed by `source` (a node of `sourceType` with `params`). */
function canvas(sourceType: string, params: Record<string, unknown>, scale: number) {
  useEditor.setState({
    specsByType: new Map([[UPSCALE.type, UPSCALE], [BLUR.type, BLUR], ["input.image", spec("input.image")]]),
    nodes: [studioNode("source", sourceType, params), studioNode("upscale", "tool.upscale", { scale })],
    edges: [wire("source")],
  });
  const [field] = fieldsOf(UPSCALE.params_schema);
  if (field.kind !== "select") throw new Error("Upscale's scale is a select");
  render(<SelectField field={field} value={scale} nodeId="upscale" inputId="scale" onChange={() => {}} />);
}

const option = (name: RegExp) => within(screen.getByLabelText("Scale")).getByRole("option", { name });
const picture = (width: number, height: number): OutputValue =>
  ({ asset_id: "b".repeat(64), mime: "image/png", width, height });

beforeEach(() => {
  resetEditor();
  setImagePixelLimit(LIMIT);
  vi.mocked(getAsset).mockReset();
});
afterEach(() => setImagePixelLimit(null));

describe("scaleLimit", () => {
  it("marks the scales past the limit with the size they would make, and says what to choose instead", () => {
    const limit = scaleLimit(UPSCALING, [2, 3, 4], 4, { width: 4000, height: 3000 }, LIMIT);
    expect(limit.options).toEqual([
      { label: "2×", fits: true },
      { label: "3× — too large: 12000 × 9000", fits: false },
      { label: "4× — too large: 16000 × 12000", fits: false },
    ]);
    expect(limit.problem).toBe("At 4× this 4000 × 3000 picture would be 16000 × 12000, past this studio's "
      + "100-megapixel limit; choose 2×, or crop the picture first.");
  });

  it("takes a result exactly at the limit, and names the largest scale that fits", () => {
    const limit = scaleLimit(UPSCALING, [2, 3, 4], 4, { width: 2500, height: 2000 }, 45_000_000);
    expect(limit.options.map((o) => o.fits)).toEqual([true, true, false]);  // 7500 × 6000 is 45 megapixels
    expect(limit.problem).toMatch(/past this studio's 45-megapixel limit; choose 3× or less, or crop/);
  });

  it("says when no scale fits", () => {
    const limit = scaleLimit(UPSCALING, [2, 3, 4], 2, { width: 8000, height: 8000 }, LIMIT);
    expect(limit.options.every((o) => !o.fits)).toBe(true);
    expect(limit.problem).toMatch(/no scale fits, so crop or shrink the picture first\.$/);
  });

  it("reads a model's own values by their scale", () => {
    const google: Upscaling = { port: "image", param: "upscale_factor",
      scales: [{ scale: 2, value: "x2" }, { scale: 4, value: "x4" }] };
    const limit = scaleLimit(google, ["x2", "x4"], "x2", { width: 4000, height: 3000 }, LIMIT);
    expect(limit.options.map((o) => o.label)).toEqual(["2×", "4× — too large: 16000 × 12000"]);
    expect(limit.problem).toBeNull();
  });

  it("offers every scale when the picture's size or the limit is not known", () => {
    for (const limit of [scaleLimit(UPSCALING, [2, 3, 4], 4, null, LIMIT),
      scaleLimit(UPSCALING, [2, 3, 4], 4, { width: 4000, height: 3000 }, null)]) {
      expect(limit.options.every((o) => o.fits)).toBe(true);
      expect(limit.problem).toBeNull();
    }
  });
});

describe("SelectField of an Upscale node", () => {
  it("offers 3× and 4× unavailable for an uploaded 5000 × 4000 photo, and says 4× is too large", async () => {
    vi.mocked(getAsset).mockResolvedValue({ id: "a".repeat(64), mime: "image/png", width: 5000, height: 4000,
      url: "/content" } as Asset);
    canvas("input.image", { asset_id: "a".repeat(64) }, 4);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "At 4× this 5000 × 4000 picture would be 20000 × 16000, past this studio's 100-megapixel limit; choose 2×");
    expect(option(/^2×$/)).toBeEnabled();
    expect(option(/^3× — too large: 15000 × 12000$/)).toBeDisabled();
    expect(option(/^4× — too large: 20000 × 16000$/)).toBeDisabled();
    expect(screen.getByLabelText("Scale")).toHaveAttribute("aria-invalid", "true");
  });

  it("reads the size of the result it is wired to, as that result's frame shows it", () => {
    canvas("tool.blur", {}, 2);
    act(() => useEditor.setState({ nodeRuns: { source: { status: "completed", outputs: { image: picture(4000, 3000) } } } }));
    expect(option(/^3× — too large: 12000 × 9000$/)).toBeDisabled();
    expect(screen.queryByRole("alert")).toBeNull();  // 2× fits: nothing to say
  });

  it("offers every scale while the picture it is wired to has not been made", () => {
    canvas("tool.blur", {}, 4);
    expect(option(/^4×$/)).toBeEnabled();
    expect(option(/^3×$/)).toBeEnabled();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
