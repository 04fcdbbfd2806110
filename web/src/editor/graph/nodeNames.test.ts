// Nodes are named in words as the user knows them, and namesakes told apart by the order they were added in.
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

  it("number namesakes in the order they were added (their ids), wherever they sit", () => {
    const nodes = [studio("blur-10", "tool.blur", 0, 0), studio("blur-2", "tool.blur", 900, 400),
      studio("invert-1", "tool.invert", 300, 0, {}, "Blur"), studio("blur-1", "tool.blur", 500, 0)];
    const names = Object.fromEntries(nodeNames(nodes, specsByType));
    expect(names).toEqual({ "blur-1": "Blur (1)", "blur-2": "Blur (2)", "blur-10": "Blur (3)",
      "invert-1": "Blur (4)" });
    const moved = nodes.map((node) => (node.id === "blur-10" ? { ...node, position: { x: 2000, y: 900 } } : node));
    expect(Object.fromEntries(nodeNames(moved, specsByType))).toEqual(names);
  });
});
