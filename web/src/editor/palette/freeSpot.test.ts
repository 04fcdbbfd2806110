// A node added by a click goes to the middle of the view when it is free, else beside what is there: never on
// top of another node.
import { describe, expect, it } from "vitest";
import type { EditorNode } from "../types";
import { freeSpot } from "./freeSpot";

const studio = (id: string, x: number, y: number, extra: Partial<EditorNode> = {}): EditorNode => ({
  id, type: "studio", position: { x, y }, data: { nodeType: "tool.blur", params: {} },
  measured: { width: 256, height: 120 }, ...extra,
} as EditorNode);

const covers = (at: { x: number; y: number }, node: EditorNode) =>
  at.x < node.position.x + 256 && node.position.x < at.x + 256
  && at.y < node.position.y + 120 && node.position.y < at.y + 120;

describe("where a clicked-in node goes", () => {
  it("is the centre on an empty canvas", () => {
    expect(freeSpot([], { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
  });

  it("is beside the node already on the centre, and then beside both", () => {
    const nodes = [studio("a", 100, 50)];
    const second = freeSpot(nodes, { x: 100, y: 50 });
    expect(covers(second, nodes[0])).toBe(false);
    nodes.push(studio("b", second.x, second.y));
    const third = freeSpot(nodes, { x: 100, y: 50 });
    expect(nodes.some((n) => covers(third, n))).toBe(false);
    // Still near the middle of the view: within a node's size or so.
    expect(Math.abs(third.x - 100) + Math.abs(third.y - 50)).toBeLessThan(600);
  });

  it("ignores frames (a node may sit in one) but sees a frame's children where they are", () => {
    const frame = { id: "f", type: "frame", position: { x: 0, y: 0 }, data: { title: "Group" },
      measured: { width: 2000, height: 2000 } } as EditorNode;
    expect(freeSpot([frame], { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
    const child = studio("c", 60, 10, { parentId: "f" });
    const moved: EditorNode = { ...frame, position: { x: 40, y: 40 } };
    const at = freeSpot([moved, child], { x: 100, y: 50 });
    expect(covers(at, studio("abs", 100, 50))).toBe(false);  // the child is drawn at (100, 50)
  });

  it("goes right of everything when the whole view is full", () => {
    const nodes: EditorNode[] = [];
    for (let row = -6; row <= 6; row += 1) {
      for (let column = -6; column <= 6; column += 1) nodes.push(studio(`${row}:${column}`, column * 260, row * 130));
    }
    const at = freeSpot(nodes, { x: 0, y: 0 });
    expect(nodes.some((n) => covers(at, n))).toBe(false);
    expect(at.x).toBeGreaterThan(6 * 260 + 256);
  });
});
