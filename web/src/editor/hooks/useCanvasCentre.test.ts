import { afterEach, describe, expect, it } from "vitest";
import { FIT_MARGIN, fitPadding, fitSides, READABLE_ZOOM, viewShowing } from "./useCanvasCentre";

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

describe("viewShowing", () => {
  // a desktop's canvas at 1:1, its part in view 1300 × 700 px from (16, 16)
  const view = { x: -16, y: -16, zoom: 1 };
  const visible = { x: 32, y: 32, width: 1300, height: 700 };
  /** The screen box (pane pixels) of a flow box drawn in `v`. */
  const drawn = (v: { x: number; y: number; zoom: number }, b: { x: number; y: number; width: number; height: number }) =>
    ({ left: v.x + b.x * v.zoom, top: v.y + b.y * v.zoom, right: v.x + (b.x + b.width) * v.zoom,
      bottom: v.y + (b.y + b.height) * v.zoom });
  const inRoom = (v: typeof view, b: Parameters<typeof drawn>[1]) => {
    const box = drawn(v, b);
    return box.left >= 16 - 1e-9 && box.top >= 16 - 1e-9 && box.right <= 1316 + 1e-9 && box.bottom <= 716 + 1e-9;
  };

  it("leaves the view as it is when the new nodes are in view", () => {
    expect(viewShowing(view, visible, [{ x: 100, y: 100, width: 256, height: 274 }])).toEqual(view);
  });

  it("pans to a photo dropped near the foot at the zoom the view has, not zooming the graph out", () => {
    const photo = { x: 600, y: 650, width: 256, height: 274 };
    const moved = viewShowing(view, visible, [photo]);
    expect(moved.zoom).toBe(1);
    expect(inRoom(moved, photo)).toBe(true);
    expect(moved.x).toBe(view.x);  // only as far as it takes: down, not across
  });

  it("zooms out only as far as several new nodes need to fit", () => {
    const row = [0, 400, 800, 1200].map((x) => ({ x, y: 900, width: 256, height: 274 }));
    const moved = viewShowing(view, visible, row);
    expect(moved.zoom).toBeCloseTo(1300 / 1456);
    for (const box of row) expect(inRoom(moved, box)).toBe(true);
  });

  it("never zooms out below a readable zoom: the first new nodes are shown from the left", () => {
    const row = [0, 400, 800, 1200, 1600, 2000].map((x) => ({ x, y: 900, width: 256, height: 274 }));
    const moved = viewShowing(view, visible, row);
    expect(moved.zoom).toBe(READABLE_ZOOM);
    expect(inRoom(moved, row[0])).toBe(true);
  });

  it("keeps a view zoomed out further than that as it is, panning to the new node", () => {
    const far = { x: 5000, y: 5000, width: 256, height: 274 };
    const out = { x: 0, y: 0, zoom: 0.5 };
    const moved = viewShowing(out, { x: 32, y: 32, width: 2600, height: 1400 }, [far]);
    expect(moved.zoom).toBe(0.5);
    expect(drawn(moved, far).right).toBeLessThanOrEqual(16 + 1300 + 1e-9);
    expect(drawn(moved, far).left).toBeGreaterThanOrEqual(16);
  });
});
