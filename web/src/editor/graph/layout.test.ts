// A document without positions (a workflow file for the command line) is laid out, every node in sight.

import { describe, expect, it } from "vitest";
import type { DocEdge, DocNode } from "../../api/types";
import { COLUMN, layoutUnplaced, ROW } from "./layout";

const node = (id: string, position?: { x: number; y: number }): DocNode =>
  ({ id, type: "tool.blur", params: {}, ...(position ? { position } : {}) });
const edge = (source: string, target: string): DocEdge =>
  ({ source, sourceHandle: "image", target, targetHandle: "image" });
/** Every node's position: its own, or where layoutUnplaced puts it. */
const shown = (nodes: DocNode[], edges: DocEdge[]) => {
  const laidOut = layoutUnplaced({ nodes, edges });
  return Object.fromEntries(nodes.map((n) => [n.id, laidOut.get(n.id) ?? n.position]));
};

describe("laying out nodes a document saved no position for", () => {
  it("puts a chain in columns, left to right along its edges", () => {
    // listed out of order: the column follows the wires, not the list
    expect(shown([node("save"), node("load"), node("blur")], [edge("load", "blur"), edge("blur", "save")])).toEqual({
      load: { x: 0, y: 0 }, blur: { x: COLUMN, y: 0 }, save: { x: 2 * COLUMN, y: 0 },
    });
  });

  it("puts the branches of a node in rows of one column, in document order", () => {
    const at = shown([node("load"), node("blur"), node("sharpen"), node("save")],
      [edge("load", "blur"), edge("load", "sharpen"), edge("blur", "save"), edge("sharpen", "save")]);
    expect(at).toEqual({ load: { x: 0, y: 0 }, blur: { x: COLUMN, y: 0 }, sharpen: { x: COLUMN, y: ROW },
      save: { x: 2 * COLUMN, y: 0 } });
  });

  it("places a node by its longest path, so no wire runs backwards", () => {
    const at = shown([node("a"), node("b"), node("c")], [edge("a", "b"), edge("b", "c"), edge("a", "c")]);
    expect([at.a?.x, at.b?.x, at.c?.x]).toEqual([0, COLUMN, 2 * COLUMN]);
  });

  it("keeps saved positions and lays the others out to their right", () => {
    const at = shown([node("load", { x: 100, y: 40 }), node("blur"), node("save")],
      [edge("load", "blur"), edge("blur", "save")]);
    expect(at.load).toEqual({ x: 100, y: 40 });
    expect(at.blur).toEqual({ x: 100 + COLUMN, y: 40 });
    expect(at.save).toEqual({ x: 100 + 2 * COLUMN, y: 40 });
  });

  it("lays out the same document the same every time, cycles and stray edges included", () => {
    const doc = { nodes: [node("a"), node("b"), node("c"), node("d")],
      edges: [edge("a", "b"), edge("b", "c"), edge("c", "b"), edge("c", "gone"), edge("d", "d")] };
    const first = layoutUnplaced(doc);
    expect(layoutUnplaced(doc)).toEqual(first);
    expect(first.size).toBe(4);
    const spots = new Set([...first.values()].map(({ x, y }) => `${x},${y}`));
    expect(spots.size).toBe(4);  // no two nodes on one spot
  });

  it("lays out nothing when every node has a position", () => {
    expect(layoutUnplaced({ nodes: [node("a", { x: 0, y: 0 })], edges: [] }).size).toBe(0);
  });
});
