import { afterEach, describe, expect, it } from "vitest";
import { FIT_MARGIN, fitPadding, fitSides } from "./useCanvasCentre";

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

describe("fitPadding", () => {
  /** A canvas of 1200 × 700 px under a 48 px bar, with a notice drawn at `notice` (NoticeToast: at the foot). */
  function screenWith(notice: { top: number; height: number }) {
    const box = (top: number, height: number, left = 0, width = 1200) => () =>
      ({ top, bottom: top + height, height, left, right: left + width, width, x: left, y: top }) as DOMRect;
    const pane = document.createElement("div");
    pane.className = "react-flow";
    pane.getBoundingClientRect = box(48, 700);
    const toast = document.createElement("div");
    toast.dataset.testid = "notice";
    toast.getBoundingClientRect = box(notice.top, notice.height, 300, 600);
    document.body.append(pane, toast);
  }
  afterEach(() => { document.body.innerHTML = ""; });

  it("keeps the graph clear of a notice at the canvas's foot, leaving its top alone", () => {
    screenWith({ top: 48 + 700 - 80 - 40, height: 40 });  // bottom-20, 40 px high
    const padding = fitPadding({ width: 300, height: 300 });
    expect(padding).toMatchObject({ top: `${FIT_MARGIN}px`, bottom: `${FIT_MARGIN + 120}px` });
  });

  it("keeps the graph below a notice at the canvas's top", () => {
    screenWith({ top: 60, height: 40 });
    expect(fitPadding({ width: 300, height: 300 })).toMatchObject({ top: `${52 + FIT_MARGIN / 2}px`,
      bottom: `${FIT_MARGIN}px` });
  });
});
