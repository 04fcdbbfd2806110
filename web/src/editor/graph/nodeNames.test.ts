// Nodes are named in words as the user knows them, and namesakes told apart by where they sit on the canvas.
import { describe, expect, it } from "vitest";
import { specsByType } from "../../test/specs";
import type { EditorNode } from "../types";
import { nodeNames } from "./nodeNames";

const studio = (id: string, nodeType: string, x: number, y: number, extra: Partial<EditorNode> = {},
  title?: string): EditorNode =>
  ({ id, type: "studio", position: { x, y }, data: { nodeType, params: {}, ...(title ? { title } : {}) }, ...extra }) as
    EditorNode;

describe("the names of nodes in words", () => {
  it("are their titles, the name a user gave before the type's, when no other node reads the same", () => {
    const names = nodeNames([studio("a", "tool.blur", 0, 0), studio("b", "tool.invert", 300, 0),
      studio("c", "tool.blur", 600, 0, {}, "Soften")], specsByType);
    expect(Object.fromEntries(names)).toEqual({ a: "Blur", b: "Invert", c: "Soften" });
  });

  it("number namesakes in canvas order: left to right, and top down within a column", () => {
    const names = nodeNames([studio("right", "tool.blur", 900, 0), studio("low", "tool.blur", 10, 400),
      studio("high", "tool.blur", 0, 0), studio("named", "tool.invert", 300, 0, {}, "Blur")], specsByType);
    expect(Object.fromEntries(names)).toEqual({ high: "Blur (1)", low: "Blur (2)", named: "Blur (3)",
      right: "Blur (4)" });
  });

  it("place a node in a frame where the frame puts it, and leave frames out", () => {
    const frame = { id: "f", type: "frame", position: { x: 1000, y: 0 }, data: { title: "Blur" } } as EditorNode;
    const names = nodeNames([studio("inside", "tool.blur", 0, 0, { parentId: "f" }), frame,
      studio("outside", "tool.blur", 500, 0)], specsByType);
    expect(Object.fromEntries(names)).toEqual({ outside: "Blur (1)", inside: "Blur (2)" });
  });
});
