// A node clicked in out of view is panned into it at the zoom the person chose: the least move, with the node it
// follows when both fit.

import { describe, expect, it } from "vitest";
import { panIntoView, viewAfterAdding } from "./panIntoView";

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

describe("the view after a node is added out of view", () => {
  // a phone's canvas at 1:1: 358 × 600 px in view from (16, 16)
  const phoneView = { x: -16, y: -16, zoom: 1 };
  const visible = { x: 32, y: 32, width: 358, height: 600 };
  const upload = node(40, 100, 256, 200);
  /** Whether a flow box is drawn whole inside the part in view (pane pixels 16 to 374 across). */
  const whole = (v: { x: number; zoom: number }, b: { x: number; width: number }) =>
    v.x + b.x * v.zoom >= 16 - 1e-9 && v.x + (b.x + b.width) * v.zoom <= 374 + 1e-9;

  it("keeps the node it follows in sight with it on a phone when both fit at a readable zoom", () => {
    const blur = node(316, 100, 160, 200);  // narrow enough: the two fit at 0.8
    const view = viewAfterAdding(phoneView, visible, blur, upload, 0.75);
    expect(view.zoom).toBeGreaterThanOrEqual(0.75);
    expect(view.zoom).toBeLessThan(1);
    expect(whole(view, upload) && whole(view, blur)).toBe(true);
  });

  it("pans to the new node at the zoom it has when the two fit only below a readable zoom", () => {
    const blur = node(376, 100, 256, 444);  // 80 right of the upload: together 592 wide, 0.6 on 358 px
    const view = viewAfterAdding(phoneView, visible, blur, upload, 0.75);
    expect(view.zoom).toBe(1);
    expect(whole(view, blur)).toBe(true);
  });

  it("keeps the zoom where the least zoom is the view's own (a desktop)", () => {
    const blur = node(316, 100, 160, 200);
    const view = viewAfterAdding(phoneView, visible, blur, upload, phoneView.zoom);
    expect(view.zoom).toBe(1);
    expect(view.x).toBe(phoneView.x - panIntoView(visible, blur, upload).x);
  });

  it("does not zoom out for a node it follows that is out of view", () => {
    const blur = node(316, 100, 160, 200);
    const away = node(200, 700, 100, 50);  // below the view: the two would fit at 0.92
    expect(viewAfterAdding(phoneView, visible, blur, away, 0.75).zoom).toBe(1);
  });
});
