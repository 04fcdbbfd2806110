// The editor's connection check follows the server's table: what the engine accepts, and nothing else.
import { afterEach, describe, expect, it } from "vitest";
import { portConnections, setPortConnections } from "../../api/nodes";
import type { PortConnection, PortSpec, PortType } from "../../api/types";
import { connectionProblem } from "./ports";

const port = (type: PortType, list = false, name = "p"): PortSpec =>
  ({ name, type, list, required: true, description: "" });

const published = portConnections();
afterEach(() => setPortConnections(published));

describe("connectionProblem with the server's table", () => {
  it("allows the same type", () => {
    expect(connectionProblem(port("image"), port("image"))).toBeNull();
  });

  it("allows the engine's conversions: mask→image, image→mask, number→text, boolean→number", () => {
    expect(connectionProblem(port("mask"), port("image"))).toBeNull();
    expect(connectionProblem(port("image"), port("mask"))).toBeNull();
    expect(connectionProblem(port("number"), port("text"))).toBeNull();
    expect(connectionProblem(port("boolean"), port("number"))).toBeNull();
  });

  it("refuses an incompatible connection with a reason naming both nodes' ports and what would fit", () => {
    const problem = connectionProblem(port("text", false, "text"), port("mask", false, "mask"),
      { from: "Prompt", to: "Blur" });
    expect(problem).toBe("Prompt's text output can't feed Blur's mask input: connect it to a text input");
    expect(connectionProblem(port("video", false, "clip"), port("mask", false, "mask")))
      .toBe("The clip output (video) can't feed the mask input: connect it to a video input");
  });

  it("lets a single value feed a list input but never a list feed a single input", () => {
    expect(connectionProblem(port("image"), port("image", true))).toBeNull();
    expect(connectionProblem(port("image", true, "images"), port("image", false, "image")))
      .toMatch(/takes one image/);
  });
});

describe("connectionProblem follows whatever table is loaded", () => {
  const rows: Array<[PortType, boolean, PortType, boolean, boolean]> = [
    // output, output is a list, input, input is a list, allowed by the table below
    ["image", false, "image", false, true],
    ["image", false, "mask", false, false],
    ["audio", false, "video", false, true],
    ["audio", true, "video", true, false],
  ];
  const table: PortConnection[] = [
    { source: "image", source_list: false, target: "image", target_list: false },
    { source: "audio", source_list: false, target: "video", target_list: false },
  ];

  it.each(rows)("%s%s → %s%s allowed: %s", (output, outputList, input, inputList, allowed) => {
    setPortConnections(table);
    const problem = connectionProblem(port(output, outputList), port(input, inputList));
    expect(problem === null).toBe(allowed);
  });

  it("refuses everything, with a way out, before any table is loaded", () => {
    setPortConnections([]);
    expect(connectionProblem(port("image"), port("image"))).toMatch(/reload the page/);
  });
});
