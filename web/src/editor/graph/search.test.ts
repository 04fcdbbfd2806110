import { describe, expect, it } from "vitest";
import { IMAGE_MODEL, SPECS } from "../../test/specs";
import { categoryLabel, downstreamOf, groupByCategory, searchSpecs, upstreamOf } from "./search";

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
