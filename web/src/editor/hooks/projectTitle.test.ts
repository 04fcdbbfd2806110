import { describe, expect, it } from "vitest";
import type { NodeSpec } from "../../api/types";
import type { EditorNode } from "../types";
import { projectTitle, titleFromText } from "./projectTitle";

const spec = (type: string, title: string, category: string, params: NodeSpec["params_schema"]["properties"] = {}) =>
  ({ type, title, category, description: "", version: 1, inputs: [], outputs: [],
    params_schema: { type: "object", properties: params } }) as NodeSpec;

const specs = new Map([
  ["input.prompt", spec("input.prompt", "Prompt", "inputs", { text: { type: "string", ui: "textarea" } })],
  ["input.image", spec("input.image", "Image Upload", "inputs")],
  ["tool.blur", spec("tool.blur", "Blur", "tools")],
  ["tool.invert", spec("tool.invert", "Invert", "tools")],
  ["output.save", spec("output.save", "Save", "outputs")],
  ["model.describe", spec("model.describe", "Image Describer", "models", {
    instruction: { type: "string", ui: "textarea", default: "Describe this image in one detailed paragraph." } })],
]);

const node = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });

describe("projectTitle", () => {
  it("leaves an empty canvas unnamed", () => {
    expect(projectTitle([], specs)).toBeNull();
  });

  it("takes the first words of the first prompt", () => {
    const nodes = [node("b", "tool.blur"), node("p", "input.prompt", { text: "  a red fox   in the snow, at dusk " })];
    expect(projectTitle(nodes, specs)).toBe("A red fox in the snow, at dusk");
  });

  it("cuts a long prompt at a word", () => {
    const title = titleFromText("an isometric illustration of a tiny village on a floating island with waterfalls");
    expect(title).toBe("An isometric illustration of a tiny village on a…");
    expect(title.length).toBeLessThanOrEqual(49);
  });

  it("names the tools a graph without a prompt uses, before its inputs and outputs", () => {
    const nodes = [node("i", "input.image"), node("b", "tool.blur"), node("v", "tool.invert"),
      node("b2", "tool.blur"), node("s", "output.save")];
    expect(projectTitle(nodes, specs)).toBe("Blur, Invert");
    expect(projectTitle([node("i", "input.image")], specs)).toBe("Image Upload");
  });

  it("skips an empty prompt", () => {
    expect(projectTitle([node("p", "input.prompt", { text: " " }), node("b", "tool.blur")], specs)).toBe("Blur");
  });

  it("skips a prompt left at its node type's default text, and names the tool instead", () => {
    const untouched = [node("i", "input.image"),
      node("d", "model.describe", { instruction: "Describe this image in one detailed paragraph." })];
    expect(projectTitle(untouched, specs)).toBe("Image Describer");
    const typed = [node("d", "model.describe", { instruction: "Describe the fox only" })];
    expect(projectTitle(typed, specs)).toBe("Describe the fox only");
  });
});
