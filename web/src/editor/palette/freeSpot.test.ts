// A node added by a click goes to the middle of the view when it is free, else beside what is there: never on
// top of another node, however tall either is.
import { describe, expect, it } from "vitest";
import { specsByType } from "../../test/specs";
import type { EditorNode, StudioNode } from "../types";
import { boxAround, estimatedSize, freeSpot, GAP, insideArea, pasteSpot, type Box, type Size } from "./freeSpot";

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
    for (let row = -10; row <= 10; row += 1) {  // past the rows searched, each a node, a gap and room to grow
      for (let column = -6; column <= 6; column += 1) nodes.push(studio(`${row}:${column}`, column * 260, row * 130));
    }
    const at = freeSpot(nodes, { x: 0, y: 0 });
    expect(nodes.some((n) => covers(at, n))).toBe(false);
    expect(at.x).toBeGreaterThan(6 * 260 + 256);
  });

  it("leaves room for the new node's own height: clicked in one after another, tall nodes never cover each other",
    () => {
      // what the canvas measures once drawn (Chromium): a node's fields and result frame make it tall
      const drawn: Record<string, Size> = Object.fromEntries(Object.entries({ "tool.blur": 444, "tool.adjust": 551,
        "input.prompt": 175, "tool.invert": 289, "input.image": 200, "tool.mask_extractor": 574, "input.number": 130 })
        .map(([type, height]) => [type, { width: 256, height }]));
      const sizeOf = (type: string) => estimatedSize(specsByType.get(type));
      const nodes: StudioNode[] = [];
      const types = ["tool.blur", "tool.blur", "tool.adjust", "input.prompt", "tool.blur", "tool.mask_extractor",
        "input.image", "tool.invert", "input.number", "tool.adjust"];
      types.forEach((type, n) => {
        const at = freeSpot(nodes, { x: 0, y: 0 }, type, sizeOf);
        // the node just added is not measured yet when the next click comes; the others are
        for (const node of nodes) node.measured = drawn[node.data.nodeType];
        nodes.push({ id: `n${n}`, type: "studio", position: at, data: { nodeType: type, params: {} } });
      });
      const box = (node: StudioNode) => ({ ...node.position, ...drawn[node.data.nodeType] });
      for (const [i, a] of nodes.entries()) {
        for (const b of nodes.slice(i + 1)) {
          const [p, q] = [box(a), box(b)];
          const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
          expect(overlap, `${a.id} and ${b.id} overlap`).toBe(false);
        }
      }
      // still near the middle of the view: within two nodes' width and height or so
      expect(nodes.every((node) => Math.abs(node.position.x) <= 2 * (256 + GAP)
        && Math.abs(node.position.y) <= 2 * (600 + GAP)))
        .toBe(true);
    });

  it("keeps a real gap to its neighbours, so a node that grows a little does not cover the next", () => {
    const nodes: EditorNode[] = [];
    for (let n = 0; n < 6; n += 1) nodes.push(studio(`n${n}`, ...Object.values(freeSpot(nodes, { x: 0, y: 0 })) as
      [number, number]));
    for (const [i, a] of nodes.entries()) {
      for (const b of nodes.slice(i + 1)) {
        const apartX = Math.max(b.position.x - (a.position.x + 256), a.position.x - (b.position.x + 256));
        const apartY = Math.max(b.position.y - (a.position.y + 120), a.position.y - (b.position.y + 120));
        expect(Math.max(apartX, apartY), `${a.id} and ${b.id}`).toBeGreaterThanOrEqual(GAP);
      }
    }
  });

  it("prefers free spots inside the visible canvas, nearest the centre, over nearer ones out of view", () => {
    // a wide, short view (a 1400×900 window less the dock): below the centre is out of view, beside it is not
    const visible: Box = { x: -600, y: -100, width: 1500, height: 400 };
    const nodes: EditorNode[] = [];
    for (let n = 0; n < 4; n += 1) {
      const at = freeSpot(nodes, { x: 0, y: 0 }, "tool.blur", () => ({ width: 256, height: 200 }), visible);
      expect(insideArea(at, { width: 256, height: 200 }, visible), `node ${n} at ${at.x},${at.y}`).toBe(true);
      nodes.push(studio(`n${n}`, at.x, at.y, { measured: { width: 256, height: 200 } }));
    }
  });

  it("goes out of view only when the visible canvas has no free spot (the editor then pans to it)", () => {
    const visible: Box = { x: 0, y: 0, width: 300, height: 200 };
    const at = freeSpot([studio("a", 0, 0)], { x: 0, y: 0 }, "tool.blur", undefined, visible);
    expect(insideArea(at, { width: 256, height: 120 }, visible)).toBe(false);
    expect(covers(at, studio("a", 0, 0))).toBe(false);
  });

  it("estimates a node's height from its type, at least as tall as the canvas draws it", () => {
    // Image Upload holding a picture: 258 (empty: 200)
    const drawn = { "tool.blur": 444, "tool.adjust": 551, "input.prompt": 175, "tool.invert": 289, "input.image": 258,
      "tool.mask_extractor": 574, "input.number": 130, "tool.describe": 413, "output.save": 422 };
    for (const [type, height] of Object.entries(drawn)) {
      const estimate = estimatedSize(specsByType.get(type));
      expect(estimate.width).toBe(256);
      expect(estimate.height, type).toBeGreaterThanOrEqual(height);
      expect(estimate.height, type).toBeLessThan(height * 1.5);  // erring tall, not spreading nodes far apart
    }
    expect(estimatedSize(undefined)).toEqual({ width: 256, height: 120 });
  });
});

describe("where pasted nodes go", () => {
  // three nodes in a row, 256×120 each, 40 apart: 848 wide
  const row = [studio("a", 0, 0), studio("b", 296, 0), studio("c", 592, 0)];

  it("is beside the nodes they copy, never on them, inside the view", () => {
    const visible: Box = { x: -50, y: -50, width: 2000, height: 800 };
    expect(pasteSpot(row, row, visible)).toEqual({ at: { x: 848 + GAP, y: 0 }, inView: true });
    const narrow: Box = { x: -50, y: -50, width: 1000, height: 800 };  // no room on the right: below them
    expect(pasteSpot(row, row, narrow)).toEqual({ at: { x: 0, y: 120 + GAP }, inView: true });
  });

  it("steps past nodes already there, so a second paste does not land on the first", () => {
    const visible: Box = { x: -50, y: -50, width: 1000, height: 800 };
    const first = pasteSpot(row, row, visible).at;
    const copies = row.map((node) => studio(`${node.id}2`, node.position.x + first.x, node.position.y + first.y));
    const second = pasteSpot(row, [...row, ...copies], visible);
    expect(second.at).not.toEqual(first);
    expect([...row, ...copies].some((node) => covers(second.at, node))).toBe(false);
  });

  it("says when no free spot beside them is in view, so the editor brings the copy into view", () => {
    const visible: Box = { x: 0, y: 0, width: 900, height: 200 };
    const spot = pasteSpot(row, row, visible);
    expect(spot.inView).toBe(false);
    expect(row.some((node) => covers(spot.at, node))).toBe(false);
  });

  it("measures the copy by its top-level nodes, a frame's children inside it", () => {
    const frame = { id: "f", type: "frame", position: { x: 10, y: 20 }, data: { title: "" },
      measured: { width: 600, height: 300 } } as unknown as EditorNode;
    const child = studio("k", 900, 900, { parentId: "f" });
    expect(boxAround([frame, child])).toEqual({ x: 10, y: 20, width: 600, height: 300 });
  });
});

describe("a clicked-in node beside nodes measured zoomed out", () => {
  it("keeps clear of a node as drawn zoomed in, with room below to grow, though zoomed out it measured its title",
    () => {
      // the walk: Blur, measured 60 high zoomed out (title alone); Invert clicked in, then drawn zoomed in 289 high
      // and, after a run, 340 with its error note: it covered Blur's title
      const sizeOf = (type: string) => estimatedSize(specsByType.get(type));
      const blur = studio("blur", 0, 0, { measured: { width: 256, height: 60 } });
      const upload = studio("upload", -296, 0, { measured: { width: 256, height: 45 },
        data: { nodeType: "input.image", params: {} } });
      const at = freeSpot([upload, blur], { x: 0, y: -200 }, "tool.invert", sizeOf);
      const grown = { ...at, width: 256, height: 340 };  // Invert after a run
      for (const [node, drawn] of [[blur, 444], [upload, 258]] as const) {
        const box = { ...node.position, width: 256, height: drawn + 40 };  // each may grow a little too
        const apart = Math.max(box.x - (grown.x + grown.width), grown.x - (box.x + box.width),
          box.y - (grown.y + grown.height), grown.y - (box.y + box.height));
        expect(apart, node.id).toBeGreaterThanOrEqual(GAP);
      }
    });
});
