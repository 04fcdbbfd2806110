// The viewer's pure parts: zoom maths, the run's results in order, download names and the input to compare with.

import { describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import type { EditorEdge, EditorNode, NodeRunState } from "../types";
import { downloadUrl } from "./media";
import { collectResults, fileNameOf, inputOf } from "./results";
import { fitView, wheelFactor, zoomTo } from "./zoom";

const specsByType = new Map(SPECS.map((spec) => [spec.type, spec]));
const studio = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });
const picture = (id: string) => ({ asset_id: id.repeat(64).slice(0, 64), mime: "image/png", url: `/a/${id}` });

describe("zoom", () => {
  it("fits a picture whole and centred, enlarging small ones", () => {
    expect(fitView({ width: 1048, height: 648 }, { width: 2000, height: 1000 })).toEqual({ scale: 0.5, x: 24, y: 74 });
    expect(fitView({ width: 448, height: 448 }, { width: 100, height: 100 }).scale).toBe(4);
  });

  it("keeps the point under the pointer in place", () => {
    const view = zoomTo({ scale: 1, x: 0, y: 0 }, 2, { x: 100, y: 50 });
    expect(view).toEqual({ scale: 2, x: -100, y: -50 });
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(3, 1)).toBeLessThan(1);  // lines, as Firefox reports them
  });
});

describe("results", () => {
  const nodes = [studio("photo", "input.image"), studio("prompt", "input.prompt"),
    studio("invert", "tool.invert"), studio("save", "output.save", { filename: "poster" }),
    studio("nameless", "output.save")];
  const runs: Record<string, NodeRunState> = {
    photo: { status: "completed", outputs: { image: picture("a") } },
    prompt: { status: "completed", outputs: { text: { value: "a fox" } } },
    invert: { status: "completed", cached: true, outputs: { image: picture("b") } },
    save: { status: "completed", outputs: { image: picture("c") } },
    nameless: { status: "running", outputs: { image: picture("d") } },
  };
  const items = collectResults(nodes, runs, specsByType, "Poster");

  it("lists finished results in the canvas's order, without an input's own values", () => {
    expect(items.map((item) => item.key)).toEqual(["photo:image", "invert:image", "save:image"]);
  });

  it("names a Save node's file by its file name, others after the project and the node, safe for any disk", () => {
    expect(items.map((item) => item.downloadStem)).toEqual(["Poster - Image Upload", "Poster - Invert", "poster"]);
    const renamed = { ...nodes[2], data: { ...nodes[2].data, title: "Héro shot: v2!" } } as EditorNode;
    expect(collectResults([renamed], runs, specsByType, "A/B <test>")[0].downloadStem)
      .toBe("A B test - Héro shot v2");
    const nameless = collectResults([nodes[4]], { nameless: { ...runs.save } }, specsByType, "Poster");
    expect(nameless[0].downloadStem).toBe("Poster - Save Image");  // not its node id, save-1
    expect(collectResults([nodes[2]], runs, specsByType, "🎨")[0].downloadStem).toBe("Invert");
    expect(fileNameOf("  ***  ")).toBeNull();
    expect(fileNameOf("..\\secret. ")).toBe("secret");
    expect(downloadUrl("/a/c?exp=1&sig=2", "my poster")).toBe("/a/c?exp=1&sig=2&download=my%20poster");
  });

  it("compares a result with the picture wired into its node", () => {
    const edges: EditorEdge[] = [{ id: "e", source: "photo", sourceHandle: "image", target: "invert",
      targetHandle: "image" }];
    expect(inputOf(items[1], items, edges, nodes, specsByType)?.key).toBe("photo:image");
    expect(inputOf(items[0], items, edges, nodes, specsByType)).toBeNull();
  });
});
