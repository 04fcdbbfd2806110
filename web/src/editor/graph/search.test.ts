import { describe, expect, it } from "vitest";
import { FLUX_ULTRA, IMAGE_MODEL, RUNWAY_GEN_4, SPECS, VECTORIZE, providersWith } from "../../test/specs";
import { indexProviders } from "./providers";
import { categoryLabel, downstreamOf, groupByCategory, readinessRank, searchSpecs, upstreamOf } from "./search";

describe("palette search", () => {
  it("puts an exact title first, then titles that start with the query", () => {
    const upscaleModel = { ...IMAGE_MODEL, type: "model.bria_upscale", title: "Bria Upscale" };
    const upscale = { ...IMAGE_MODEL, type: "tool.upscale", title: "Upscale", category: "tools" };
    expect(searchSpecs([upscaleModel, upscale], "upscale").map((s) => s.type))
      .toEqual(["tool.upscale", "model.bria_upscale"]);
  });

  it("needs every word of the query", () => {
    expect(searchSpecs(SPECS, "save image").map((s) => s.type)).toEqual(["output.save"]);
  });

  it("orders categories inputs, models, tools, outputs and labels sub-categories", () => {
    const model = { ...IMAGE_MODEL, category: "models/3d" };
    expect(groupByCategory([...SPECS, model]).map(([c]) => c)).toEqual(["inputs", "models/3d", "tools", "outputs"]);
    expect(categoryLabel("models/3d")).toBe("Models · 3D");
  });

  it("walks the graph both ways", () => {
    const edges = [{ source: "a", target: "b" }, { source: "b", target: "c" }, { source: "x", target: "c" }];
    expect(downstreamOf("b", edges)).toEqual(["b", "c"]);
    expect(upstreamOf("c", edges).sort()).toEqual(["a", "b", "c", "x"]);
  });
});

describe("palette search ranking and short forms", () => {
  const removeBg = { ...IMAGE_MODEL, type: "model.bria_remove_background", title: "Bria Remove Background",
    category: "models/edit", description: "Cut out the subject (transparent background)." };
  const sd = { ...IMAGE_MODEL, type: "model.stable_diffusion_3_5", title: "Stable Diffusion 3.5",
    description: "Stability AI's open model." };
  const localUpscale = { ...IMAGE_MODEL, type: "tool.upscale", title: "Upscale", category: "tools",
    description: "Enlarge the image." };
  const keyedUpscale = { ...IMAGE_MODEL, type: "model.bria_upscale", title: "Bria Upscale",
    category: "models/upscale", description: "Bria's creative upscaler." };
  const unkeyedUpscale = { ...keyedUpscale, type: "model.google_upscaler", title: "Google Upscaler" };
  const ready = (spec: { type: string }) => !spec.type.startsWith("model.") || spec.type === "model.bria_upscale";

  it("lists what can run now (local tools, models with a key) before models without a key", () => {
    const found = searchSpecs([unkeyedUpscale, keyedUpscale, localUpscale], "upscale", ready);
    expect(found.map((s) => s.type)).toEqual(["tool.upscale", "model.bria_upscale", "model.google_upscaler"]);
    expect(searchSpecs([unkeyedUpscale, keyedUpscale, localUpscale], " ", ready).map((s) => s.type))
      .toEqual(["model.bria_upscale", "tool.upscale", "model.google_upscaler"]);
    // Even a closer title does not lift a model without a key above what can run.
    expect(searchSpecs([unkeyedUpscale, localUpscale], "google upscaler", () => true)[0].type)
      .toBe("model.google_upscaler");
    expect(searchSpecs([{ ...unkeyedUpscale, title: "Enlarger" }, { ...localUpscale, title: "Enlarger" }],
      "enlarger", ready)[0].type).toBe("tool.upscale");
  });

  it("finds short forms: img → image, bg → background, sd → Stable Diffusion", () => {
    const all = [...SPECS, removeBg, sd, localUpscale];
    const img = searchSpecs(all, "img");
    expect(img.map((s) => s.type)).toContain("input.image");
    expect(img.every((s) => `${s.title} ${s.description}`.toLowerCase().includes("image"))).toBe(true);
    // Named by the query comes first, even before a local tool that only mentions a background in passing.
    expect(searchSpecs(all, "bg", ready)[0].type).toBe("model.bria_remove_background");
    expect(searchSpecs(all, "remove bg").map((s) => s.type)).toEqual(["model.bria_remove_background"]);
    expect(searchSpecs(all, "sd")[0].type).toBe("model.stable_diffusion_3_5");
  });
});

describe("quick-add order with an empty query", () => {
  it("lists local tools, then models with a key, then models on a local fallback, then models without a key", () => {
    const providers = indexProviders(providersWith("fal"));
    const blur = SPECS.find((spec) => spec.type === "tool.blur")!;
    const offered = [VECTORIZE, RUNWAY_GEN_4, FLUX_ULTRA, blur];
    expect(searchSpecs(offered, "", (spec) => readinessRank(spec, providers)).map((spec) => spec.type))
      .toEqual(["tool.blur", "model.flux_pro_1_1_ultra", "model.vectorize", "model.runway_gen_4"]);
    expect(readinessRank(RUNWAY_GEN_4, indexProviders(providersWith("runway")))).toBe(1);
  });
});
