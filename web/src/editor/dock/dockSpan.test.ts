// The AI dock stands over the canvas, never over the palette beside it nor over a side panel open on the canvas's
// right: at 1024 px the palette ends at 256, Results begins at 692 and the minimap at 809.
import { describe, expect, it } from "vitest";
import { dockSpan, LEAST_SPAN } from "./dockSpan";

const canvas = (left: number, right: number) => ({ left, right });
const at = (left: number, width: number) => ({ left, width });

describe("where the AI dock stands", () => {
  it("spans the canvas right of the palette, not the window", () => {
    expect(dockSpan(canvas(256, 1024), [], at(809, 200))).toEqual({ left: 256, width: 768 });
    expect(dockSpan(canvas(256, 820), [])).toEqual({ left: 256, width: 564 });  // a tablet
    expect(dockSpan(canvas(0, 390), [])).toEqual({ left: 0, width: 390 });  // a phone: the palette goes over it
  });

  it("keeps left of an open side panel, and so clear of the minimap below it", () => {
    expect(dockSpan(canvas(256, 1024), [at(692, 320)], at(809, 200))).toEqual({ left: 256, width: 436 });
    // Comments over a node's settings: the leftmost counts; one not drawn (0 wide) does not
    expect(dockSpan(canvas(256, 1440), [at(1108, 320), at(1000, 420), at(0, 0)])).toEqual({ left: 256, width: 744 });
  });

  it("keeps left of the minimap where the panel leaves it too little room, else spans the canvas", () => {
    // a tablet: 232 px left of the panel, 349 left of the minimap
    expect(dockSpan(canvas(256, 820), [at(488, 320)], at(605, 200))).toEqual({ left: 256, width: 349 });
    expect(dockSpan(canvas(256, 820), [at(488, 320)])).toEqual({ left: 256, width: 564 });
    // a phone with its map shown
    expect(dockSpan(canvas(0, 390), [at(58, 320)], at(255, 120))).toEqual({ left: 0, width: 390 });
    expect(dockSpan(canvas(0, 1000), [at(LEAST_SPAN, 320)]).width).toBe(LEAST_SPAN);
  });
});
