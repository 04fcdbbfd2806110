// Where a project opens on a phone: on whole nodes, at a readable zoom, clear of the zoom buttons.
import { describe, expect, it } from "vitest";
import { phoneChangedView, phoneOpeningView, phoneSidesAbove, PHONE_SIDES } from "./phoneView";

const phone = { width: 390, height: 760 };
const node = (x: number, y = 0) => ({ x, y, width: 256, height: 200 });
/** The screen span [left, right] of a node drawn in `view`. */
const onScreen = (view: { x: number; zoom: number }, box: { x: number; width: number }) =>
  [view.x + box.x * view.zoom, view.x + (box.x + box.width) * view.zoom];

describe("phoneOpeningView", () => {
  it("opens on no view for no nodes", () => {
    expect(phoneOpeningView(phone, [], 0.75)).toBeNull();
  });

  it("fits a small graph whole, clear of the zoom buttons, never past 1:1", () => {
    const view = phoneOpeningView(phone, [node(0), node(0, 300)], 0.75)!;
    expect(view.zoom).toBe(1);
    expect(onScreen(view, node(0))[0]).toBeGreaterThanOrEqual(PHONE_SIDES.left);
  });

  it("fits a desktop-wide graph's first node whole rather than cutting the next one", () => {
    const boxes = [0, 350, 700, 1050, 1400].map((x) => node(x));
    const view = phoneOpeningView(phone, boxes, 0.75)!;
    const [left, right] = onScreen(view, boxes[0]);
    expect(left).toBeGreaterThanOrEqual(PHONE_SIDES.left);
    expect(right).toBeLessThanOrEqual(phone.width);
    expect(onScreen(view, boxes[1])[0]).toBeGreaterThanOrEqual(phone.width);  // not cut mid-node
  });

  it("ends the view before a node that would be cut, with a desktop's nodes close together", () => {
    // Image Upload, Blur and Save Image 26 px apart: Blur was drawn from 369 to 625 on a 390-wide screen
    const boxes = [0, 282, 564].map((x) => node(x));
    const view = phoneOpeningView(phone, boxes, 0.75)!;
    expect(view.zoom).toBeGreaterThanOrEqual(0.75);
    const [left, right] = onScreen(view, boxes[0]);
    expect(left).toBeGreaterThanOrEqual(PHONE_SIDES.left);
    expect(right).toBeLessThanOrEqual(phone.width);
    for (const box of boxes) {  // each node whole on screen or wholly past its right edge
      const [from, to] = onScreen(view, box);
      expect(to <= phone.width || from >= phone.width).toBe(true);
    }
  });

  it("shows the first node whole where the next touches it, the next past the screen's edge", () => {
    const boxes = [node(0), node(256)];
    const view = phoneOpeningView(phone, boxes, 0.75)!;
    expect(onScreen(view, boxes[0])[0]).toBeGreaterThanOrEqual(PHONE_SIDES.left);
    expect(onScreen(view, boxes[0])[1]).toBeLessThanOrEqual(phone.width);
    expect(onScreen(view, boxes[1])[0]).toBeGreaterThanOrEqual(phone.width);
  });

  it("keeps its view where no view shows the first node whole and the next not cut (they overlap)", () => {
    const boxes = [node(0), node(200, 60)];
    const view = phoneOpeningView(phone, boxes, 0.75)!;
    expect(onScreen(view, boxes[0])[0]).toBeGreaterThanOrEqual(PHONE_SIDES.left);
    expect(onScreen(view, boxes[0])[1]).toBeLessThanOrEqual(phone.width - PHONE_SIDES.right);
  });

  it("leaves a node below the screen to be panned to", () => {
    const boxes = [node(0), node(200, 2000)];
    expect(phoneOpeningView(phone, boxes, 0.75)).toEqual(phoneOpeningView(phone, boxes.slice(0, 1), 0.75));
  });

  it("fits as many leftmost nodes as a readable zoom allows, whatever their order", () => {
    const boxes = [node(300), node(0), node(2000)];
    const view = phoneOpeningView({ width: 800, height: 760 }, boxes, 0.75)!;
    expect(view.zoom).toBeGreaterThanOrEqual(0.75);
    expect(onScreen(view, node(300))[1]).toBeLessThanOrEqual(800);
    expect(onScreen(view, node(2000))[0]).toBeGreaterThanOrEqual(800);
  });

  it("draws a node too big for the screen smaller, whole", () => {
    const big = { x: 0, y: 0, width: 1200, height: 300 };
    const view = phoneOpeningView(phone, [big], 0.75)!;
    expect(view.zoom).toBeLessThan(0.75);
    expect(onScreen(view, big)[1]).toBeLessThanOrEqual(phone.width);
  });

  it("counts a graph laid out down the page from its top", () => {
    const boxes = [node(40, 0), node(0, 330), node(40, 660), node(0, 990)];
    const view = phoneOpeningView(phone, boxes, 0.75)!;
    const top = (box: { y: number; height: number }) => [view.y + box.y * view.zoom,
      view.y + (box.y + box.height) * view.zoom];
    expect(top(boxes[0])[0]).toBeGreaterThanOrEqual(PHONE_SIDES.top);
    expect(top(boxes[1])[1]).toBeLessThanOrEqual(phone.height - PHONE_SIDES.bottom);
    expect(top(boxes[3])[0]).toBeGreaterThanOrEqual(phone.height);
  });
});

describe("phoneChangedView", () => {
  const chain = [0, 350, 700, 1050].map((x) => node(x));  // an image, and the Blur → Invert → Save a plan added

  it("shows the nodes a plan made from the first, readable, not the whole graph too small to read", () => {
    const view = phoneChangedView(phone, chain, chain.slice(1), 0.75)!;
    expect(view.zoom).toBeGreaterThanOrEqual(0.75);
    const [left, right] = onScreen(view, chain[1]);
    expect(left).toBeGreaterThanOrEqual(PHONE_SIDES.left);
    expect(right).toBeLessThanOrEqual(phone.width);
  });

  it("shows the whole graph where it is readable whole", () => {
    const small = [node(0), node(0, 300)];
    expect(phoneChangedView(phone, small, small.slice(1), 0.75)).toEqual(phoneOpeningView(phone, small, 0.75));
  });

  it("keeps the nodes above the AI dock as tall as it has grown", () => {
    const sides = phoneSidesAbove(300);
    expect(sides.bottom).toBeGreaterThan(300);
    const view = phoneChangedView(phone, chain, chain.slice(1), 0.75, sides)!;
    expect(view.y + 200 * view.zoom).toBeLessThanOrEqual(phone.height - 300);
    expect(phoneSidesAbove(0)).toEqual(PHONE_SIDES);  // never closer than the dock as it first shows
  });
});
