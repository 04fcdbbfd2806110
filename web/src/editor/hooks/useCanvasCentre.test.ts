import { describe, expect, it } from "vitest";
import { FIT_MARGIN, fitSides } from "./useCanvasCentre";

const MINIMAP = { width: 215, height: 165 };
const PANE = { width: 1200, height: 700 };

describe("fitSides", () => {
  it("keeps a wide graph above the minimap, where it is drawn larger than beside it", () => {
    const sides = fitSides(PANE, { width: 3000, height: 300 }, 0, MINIMAP);
    expect(sides).toEqual({ top: FIT_MARGIN, left: FIT_MARGIN, right: FIT_MARGIN, bottom: FIT_MARGIN + 165 });
  });

  it("keeps a tall graph left of the minimap, with room for the AI dock below", () => {
    const sides = fitSides(PANE, { width: 300, height: 3000 }, 80, MINIMAP);
    expect(sides).toEqual({ top: FIT_MARGIN, left: FIT_MARGIN, right: FIT_MARGIN + 215, bottom: FIT_MARGIN + 80 });
  });

  it("keeps the dock's room when the dock is taller than the minimap", () => {
    expect(fitSides(PANE, { width: 3000, height: 300 }, 200, MINIMAP).bottom).toBe(FIT_MARGIN + 200);
  });

  it("keeps the top nodes below a notice floating over the canvas ('2 nodes can't run yet: …')", () => {
    expect(fitSides(PANE, { width: 300, height: 3000 }, 0, MINIMAP, 60).top).toBe(60 + FIT_MARGIN / 2);
    expect(fitSides(PANE, { width: 300, height: 3000 }, 0, MINIMAP, 10).top).toBe(FIT_MARGIN);  // room enough
  });
});
