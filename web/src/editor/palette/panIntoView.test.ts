// A node clicked in out of view is panned into it at the zoom the person chose: the least move, with the node it
// follows when both fit.

import { describe, expect, it } from "vitest";
import { panIntoView } from "./panIntoView";

const view = { x: 0, y: 0, width: 1000, height: 600 };
const node = (x: number, y: number, width = 256, height = 300) => ({ x, y, width, height });

describe("panning a new node into view", () => {
  it("does not move for a node in view", () => {
    expect(panIntoView(view, node(100, 100))).toEqual({ x: 0, y: 0 });
  });

  it("moves only as far as shows the node whole, right or down, left or up", () => {
    expect(panIntoView(view, node(900, 100))).toEqual({ x: 156, y: 0 });
    expect(panIntoView(view, node(100, 500))).toEqual({ x: 0, y: 200 });
    expect(panIntoView(view, node(-50, -20))).toEqual({ x: -50, y: -20 });
  });

  it("keeps the node it was placed after in view too when the two fit, else shows the new one", () => {
    // a branch below a chain: both fit, so the view moves down just enough for the new one
    expect(panIntoView(view, node(300, 420), node(0, 0))).toEqual({ x: 0, y: 120 });
    // far apart: the new node alone
    expect(panIntoView(view, node(3000, 0), node(0, 0))).toEqual({ x: 2256, y: 0 });
  });

  it("shows the top of a node taller than the view", () => {
    expect(panIntoView(view, node(100, 700, 256, 900))).toEqual({ x: 0, y: 700 });
  });
});
