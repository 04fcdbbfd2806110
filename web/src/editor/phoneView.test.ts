// A project opened on a phone is drawn at a zoom its nodes can be read at, from its left edge, not fitted whole to
// a size no one reads.

import { describe, expect, it } from "vitest";
import { phoneOpenView, PHONE_MIN_ZOOM } from "./phoneView";
import { FIT_MARGIN } from "./hooks/useCanvasCentre";

const PHONE_PANE = { width: 390, height: 700 };

describe("opening a project on a phone", () => {
  it("keeps the fit of a graph that is readable fitted whole", () => {
    expect(phoneOpenView(PHONE_PANE, { x: 0, y: 0, width: 256, height: 300 }, 1)).toBeNull();
  });

  it("opens a wide graph at a readable zoom, from its left edge, level with the middle of the pane", () => {
    const chain = { x: 100, y: 50, width: 4 * 336, height: 400 };
    const view = phoneOpenView(PHONE_PANE, chain, 0.2)!;
    expect(view.zoom).toBe(PHONE_MIN_ZOOM);
    expect(chain.x * view.zoom + view.x).toBe(FIT_MARGIN);  // the first node's left edge on screen
    expect(chain.y * view.zoom + view.y).toBe((PHONE_PANE.height - chain.height * PHONE_MIN_ZOOM) / 2);
  });

  it("opens a tall graph from its top", () => {
    const tall = { x: -200, y: -300, width: 1200, height: 2000 };
    const view = phoneOpenView(PHONE_PANE, tall, 0.1)!;
    expect([tall.x * view.zoom + view.x, tall.y * view.zoom + view.y]).toEqual([FIT_MARGIN, FIT_MARGIN]);
  });
});
