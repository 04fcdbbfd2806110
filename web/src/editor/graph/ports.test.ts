import { describe, expect, it } from "vitest";
import type { PortSpec, PortType } from "../../api/types";
import { connectionProblem } from "./ports";

const port = (type: PortType, list = false, name = "p"): PortSpec =>
  ({ name, type, list, required: true, description: "" });

describe("connectionProblem", () => {
  it("allows the same type", () => {
    expect(connectionProblem(port("image"), port("image"))).toBeNull();
  });

  it("allows the documented widenings: mask→image, number→text, boolean→number", () => {
    expect(connectionProblem(port("mask"), port("image"))).toBeNull();
    expect(connectionProblem(port("number"), port("text"))).toBeNull();
    expect(connectionProblem(port("boolean"), port("number"))).toBeNull();
  });

  it("refuses the reverse of a widening with a hint naming both types", () => {
    const problem = connectionProblem(port("image", false, "image"), port("mask", false, "mask"));
    expect(problem).toMatch(/image “image” can't feed mask “mask”/);
  });

  it("lets a single value feed a list input but never a list feed a single input", () => {
    expect(connectionProblem(port("image"), port("image", true))).toBeNull();
    expect(connectionProblem(port("image", true, "images"), port("image", false, "image")))
      .toMatch(/takes one image/);
  });
});
