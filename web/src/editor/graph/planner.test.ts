import { describe, expect, it } from "vitest";
import { IMAGE_MODEL, SPECS } from "../../test/specs";
import { chooseSteps, planLocally, splitClauses } from "./planner";

describe("local planner", () => {
  it("splits an instruction into clauses on commas, 'and' and 'then'", () => {
    expect(splitClauses("Upload an image, blur it, invert and save")).toEqual(
      ["upload an image", "blur it", "invert", "save"]);
  });

  it("maps tool keywords to a connected chain", () => {
    const plan = planLocally("upload an image, blur it, invert and save", SPECS, [], { x: 0, y: 0 });
    expect(plan.nodes.map((n) => n.type)).toEqual(["input.image", "tool.blur", "tool.invert", "output.save"]);
    expect(plan.edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`)).toEqual([
      "image-1.image->blur-1.image", "blur-1.image->invert-1.image", "invert-1.image->save-1.image"]);
    expect(plan.nodes[1].params).toMatchObject({ kind: "gaussian" });
  });

  it("places nodes left to right from the origin and avoids taken ids", () => {
    const plan = planLocally("blur", SPECS, ["blur-1"], { x: 100, y: 50 });
    expect(plan.nodes[0]).toMatchObject({ id: "blur-2", position: { x: 100, y: 50 } });
  });

  it("defaults to Prompt → an image model when nothing matches", () => {
    expect(chooseSteps("something lovely", [...SPECS, IMAGE_MODEL]).map((s) => s.type))
      .toEqual(["input.prompt", "model.flux_schnell"]);
  });

  it("puts a quoted prompt into the Prompt node and wires it to the model", () => {
    const plan = planLocally('generate "a red fox in snow"', [...SPECS, IMAGE_MODEL], [], { x: 0, y: 0 });
    expect(plan.nodes.map((n) => n.type)).toEqual(["input.prompt", "model.flux_schnell"]);
    expect(plan.nodes[0].params?.text).toBe("a red fox in snow");
    expect(plan.edges).toHaveLength(1);
  });

  it("connects a mask to the input that needs one, preferring exact types", () => {
    const plan = planLocally("upload an image, extract a mask, inpaint", SPECS, [], { x: 0, y: 0 });
    expect(plan.nodes.map((n) => n.type)).toEqual(["input.image", "tool.mask_extractor", "tool.inpaint"]);
    const into = plan.edges.filter((e) => e.target === "inpaint-1").map((e) => `${e.source}.${e.sourceHandle}`);
    expect(into).toEqual(["mask_extractor-1.image", "mask_extractor-1.mask"]);
  });
});
