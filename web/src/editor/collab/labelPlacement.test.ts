import { describe, expect, it } from "vitest";
import {
  ABOVE_NODE, headerOf, HEADER_HEIGHT, LABEL_HEIGHT, LABEL_MAX_WIDTH, labelWidth, overlaps, pointerLabelAt, pointerNamesSelection,
  POINTER_LABEL, selectionLabelLeft, type Box,
} from "./labelPlacement";

const NAME = "You, in another tab";
// a node 256 wide, its top-left at (300, 200) on screen, at zoom 1
const node: Box = { x: 300, y: 200, width: 256, height: 320 };
const header = headerOf(node, 1);
const labelBox = (at: { x: number; y: number }, name = NAME): Box =>
  ({ ...at, width: labelWidth(name), height: LABEL_HEIGHT });

describe("a pointer's name", () => {
  it("sits below-right of the arrow on the empty canvas", () => {
    expect(pointerLabelAt({ x: 50, y: 60 }, NAME, [header])).toEqual({ x: 50 + POINTER_LABEL.x, y: 60 + POINTER_LABEL.y });
  });

  it("moves off a node's title, just above the node's top edge, beside the pointer", () => {
    const cursor = { x: 305, y: 205 }; // on the header, as right after dropping a new node
    const at = pointerLabelAt(cursor, NAME, [header]);
    expect(overlaps(labelBox(at), header)).toBe(false);
    expect(at).toEqual({ x: cursor.x + POINTER_LABEL.x, y: node.y - ABOVE_NODE });
    expect(at.y + LABEL_HEIGHT).toBeLessThanOrEqual(node.y);
  });

  it("stays by the pointer on a node's body, below its title", () => {
    const cursor = { x: 320, y: 300 };
    expect(pointerLabelAt(cursor, NAME, [header])).toEqual({ x: 334, y: 316 });
  });

  it("clears a header above the node it was moved off too (nodes stacked close)", () => {
    const above = headerOf({ x: 300, y: 150, width: 256, height: 40 }, 1); // a collapsed node just above
    const at = pointerLabelAt({ x: 305, y: 205 }, NAME, [header, above]);
    expect(overlaps(labelBox(at), header)).toBe(false);
    expect(overlaps(labelBox(at), above)).toBe(false);
  });

  it("reaches a header under its far end, a long name too", () => {
    const long = "Ada Lovelace-Byron, Countess";
    const right = headerOf({ x: 340, y: 210, width: 256, height: 200 }, 1);
    const at = pointerLabelAt({ x: 200, y: 200 }, long, [right]);
    expect(overlaps(labelBox(at, long), right)).toBe(false);
  });
});

describe("a node's header", () => {
  it("is its title row, scaled with the view, never taller than a collapsed node", () => {
    expect(headerOf(node, 0.5).height).toBe(HEADER_HEIGHT * 0.5);
    expect(headerOf({ ...node, height: 30 }, 1).height).toBe(30);
  });
});

describe("one name per person by a node they selected", () => {
  it("is their pointer's when it is on the node or close around it", () => {
    expect(pointerNamesSelection({ x: 305, y: 205 }, node)).toBe(true);
    expect(pointerNamesSelection({ x: node.x + node.width + 10, y: 400 }, node)).toBe(true);
    expect(pointerNamesSelection({ x: 310, y: node.y - ABOVE_NODE - 10 }, node)).toBe(true);
  });

  it("is the selection's outline's when the pointer is away or off the canvas", () => {
    expect(pointerNamesSelection({ x: 900, y: 205 }, node)).toBe(false);
    expect(pointerNamesSelection({ x: 320, y: 700 }, node)).toBe(false);
    expect(pointerNamesSelection(null, node)).toBe(false);
  });
});

describe("the names of several people who selected one node", () => {
  it("go side by side along its top edge, none over another", () => {
    const names = ["Ada Lovelace", "Grace", NAME];
    const boxes = names.map((name, index) =>
      labelBox({ x: node.x + selectionLabelLeft(names.slice(0, index)), y: node.y - ABOVE_NODE }, name));
    expect(boxes[0].x).toBe(node.x);
    for (let i = 1; i < boxes.length; i += 1) expect(overlaps(boxes[i - 1], boxes[i])).toBe(false);
  });
});

describe("a very long name (an account's may be 200 characters)", () => {
  const long = "Bartholomew Smith ".repeat(12).slice(0, 200);

  it("is drawn no wider than LABEL_MAX_WIDTH, about 22 letters, cut with an ellipsis", () => {
    expect(long).toHaveLength(200);
    expect(labelWidth(long)).toBe(LABEL_MAX_WIDTH);
    expect(LABEL_MAX_WIDTH).toBeLessThan(node.width);  // shorter than a node is wide: never a bar across the canvas
    expect(labelWidth("Ada Lovelace")).toBeLessThan(LABEL_MAX_WIDTH);  // a usual name whole
  });

  it("leaves the next person's name beside it, not a canvas away", () => {
    expect(selectionLabelLeft([long])).toBe(LABEL_MAX_WIDTH + 4);
  });

  it("moves off a node's title as a short one does", () => {
    const at = pointerLabelAt({ x: 305, y: 205 }, long, [header]);
    expect(at).toEqual({ x: 305 + POINTER_LABEL.x, y: node.y - ABOVE_NODE });
  });
});
