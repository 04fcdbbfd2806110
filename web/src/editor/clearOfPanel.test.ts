// Opening a right-hand panel (Results, History, Comments, Versions, a node's settings) keeps the nodes it would cover
// in sight, left of the panel, and the node whose settings it shows; otherwise it leaves the view.
import { describe, expect, it } from "vitest";
import { FIT_MARGIN } from "./hooks/useCanvasCentre";
import { viewClearOfPanel } from "./clearOfPanel";

/** A 1280 × 800 page's canvas, beside the palette and above the toolbar. */
const pane = { width: 1060, height: 700 };
/** The panel's 320 px and its 12 px off the edge, the canvas's height down. */
const PANEL = { width: 332, top: 0, bottom: pane.height };
const edge = pane.width - PANEL.width;
const room = { top: FIT_MARGIN, bottom: FIT_MARGIN + 72, left: FIT_MARGIN };
const node = (x: number, y = 0) => ({ x, y, width: 256, height: 180 });
/** Image → Blur → Save in a row, 320 apart. */
const row = [node(0), node(320), node(640)];
/** The screen box of a node drawn in `view`. */
const onScreen = (view: { x: number; y: number; zoom: number }, box: ReturnType<typeof node>) => ({
  left: view.x + box.x * view.zoom, right: view.x + (box.x + box.width) * view.zoom,
  top: view.y + box.y * view.zoom, bottom: view.y + (box.y + box.height) * view.zoom,
});

describe("viewClearOfPanel", () => {
  it("leaves the view when no node would be under the panel", () => {
    expect(viewClearOfPanel({ x: 48, y: 200, zoom: 1 }, pane, PANEL, [node(0), node(320)], room)).toBeNull();
  });

  it("pans, at the same zoom and height, so the node under the panel ends left of it with room to spare", () => {
    const view = { x: 250, y: 200, zoom: 0.6 };  // Save drawn at 634 to 788: under a panel from 728
    const clear = viewClearOfPanel(view, pane, PANEL, row, room)!;
    expect(clear.zoom).toBe(0.6);
    expect(clear.y).toBe(200);
    expect(onScreen(clear, row[2]).right).toBeCloseTo(edge - FIT_MARGIN);
    expect(onScreen(clear, row[0]).left).toBeGreaterThanOrEqual(FIT_MARGIN);
  });

  it("zooms out, never in, when the graph in view is wider than the room left of the panel", () => {
    const view = { x: 48, y: 200, zoom: 1 };  // the row at 1:1 spans 48 to 944
    const two = row.slice(1);
    // Blur and Save at 1.2 span 48 to 739, under the panel from 728, and need 1.1 to fit beside it
    const clear = viewClearOfPanel({ x: 48 - 320 * 1.2, y: 200, zoom: 1.2 }, pane, PANEL, two, room)!;
    expect(clear.zoom).toBeLessThan(1.2);
    for (const box of two) {
      const at = onScreen(clear, box);
      expect(at.left).toBeGreaterThanOrEqual(FIT_MARGIN - 1);
      expect(at.right).toBeLessThanOrEqual(edge - FIT_MARGIN + 1);
      expect(at.top).toBeGreaterThanOrEqual(room.top - 1);
      expect(at.bottom).toBeLessThanOrEqual(pane.height - room.bottom + 1);
    }
    // the three would need 0.71: the view stops at a readable 0.75, Save whole left of the panel
    const readable = viewClearOfPanel(view, pane, PANEL, row, room)!;
    expect(readable.zoom).toBeCloseTo(0.75);
    expect(onScreen(readable, row[2]).right).toBeCloseTo(edge - FIT_MARGIN);
  });

  it("leaves a view zoomed into a part of the graph far from the panel", () => {
    // zoomed in on the Image node at the left; Blur and Save are off to the right, beyond the canvas
    const view = { x: 60, y: 100, zoom: 2 };
    expect(viewClearOfPanel(view, pane, PANEL, row, room)).toBeNull();
  });

  it("does not count a node drawn only in part, cut by the canvas's edge", () => {
    const view = { x: 60, y: 100, zoom: 1.8 };  // Blur is cut by the right edge, under where the panel opens
    expect(onScreen(view, row[1]).right).toBeGreaterThan(pane.width);
    expect(viewClearOfPanel(view, pane, PANEL, row, room)).toBeNull();
  });

  it("keeps only the nodes in view in sight, not the whole graph", () => {
    const far = [...row, node(-2000)];  // a node far to the left, out of view, stays out of it
    const clear = viewClearOfPanel({ x: 250, y: 200, zoom: 0.6 }, pane, PANEL, far, room)!;
    expect(clear.zoom).toBe(0.6);
    expect(onScreen(clear, far[3]).right).toBeLessThan(0);
  });

  it("leaves the view when the panel is short and every node is below it (an empty Results panel)", () => {
    const short = { width: 332, top: 12, bottom: 123 };
    expect(viewClearOfPanel({ x: 250, y: 200, zoom: 0.6 }, pane, short, row, room)).toBeNull();
  });

  it("zooms out no further than a readable zoom, keeping the nodes the panel would cover in sight", () => {
    const wide = [...row, node(960), node(1280), node(1600)];  // six nodes, 1856 wide: 0.34 to fit beside the panel
    const view = { x: 20, y: 200, zoom: 0.55 };  // all drawn whole, the last ones under the panel
    const clear = viewClearOfPanel(view, pane, PANEL, wide, room)!;
    expect(clear.zoom).toBeCloseTo(0.55);  // already below a readable zoom: kept
    expect(onScreen(clear, wide[5]).right).toBeCloseTo(edge - FIT_MARGIN);
    const closer = viewClearOfPanel({ ...view, zoom: 1, x: -600 }, pane, PANEL, wide.slice(2), room)!;
    expect(closer.zoom).toBeCloseTo(0.75);
  });

  it("leaves the view when the panel leaves no room beside it (a phone)", () => {
    const phone = { width: 390, height: 700 };
    expect(viewClearOfPanel({ x: 0, y: 0, zoom: 1 }, phone, { width: 378, top: 0, bottom: 700 }, [node(0)], room)).toBeNull();
  });

  describe("a node's settings", () => {
    it("keep the node being edited in sight, left of the panel, at the same zoom", () => {
      const view = { x: 250, y: 200, zoom: 0.6 };  // Save, whose settings open, drawn under the panel
      const clear = viewClearOfPanel(view, pane, PANEL, row, room, row[2])!;
      expect(clear.zoom).toBe(0.6);
      expect(onScreen(clear, row[2]).right).toBeCloseTo(edge - FIT_MARGIN);
    });

    it("leave the view when neither the node being edited nor another would be under the panel", () => {
      expect(viewClearOfPanel({ x: 48, y: 200, zoom: 1 }, pane, PANEL, [node(0), node(320)], room, node(0)))
        .toBeNull();
    });

    it("bring in the node being edited even when the canvas's edge cuts it, at the zoom the view has", () => {
      const view = { x: 60, y: 100, zoom: 1.8 };  // Blur cut by the right edge: other nodes cut like it do not count
      const clear = viewClearOfPanel(view, pane, PANEL, row, room, row[1])!;
      expect(clear.zoom).toBe(1.8);
      const at = onScreen(clear, row[1]);
      expect(at.left).toBeGreaterThanOrEqual(FIT_MARGIN - 1);
      expect(at.right).toBeLessThanOrEqual(edge - FIT_MARGIN + 1);
    });

    it("leave the view when the node being edited is in sight, though the panel covers another", () => {
      // Image Upload's settings at 1280 × 800: Save under the panel is not shrunk into view for them
      expect(viewClearOfPanel({ x: 48, y: 200, zoom: 1 }, pane, PANEL, row, room, row[0])).toBeNull();
    });

    it("move the node being edited up out of the foot when it is cut there, as well as left of the panel", () => {
      const view = { x: 250, y: 600, zoom: 0.6 };  // Save under the panel, its foot below the canvas's
      const clear = viewClearOfPanel(view, pane, PANEL, row, room, row[2])!;
      expect(clear.zoom).toBe(0.6);
      const at = onScreen(clear, row[2]);
      expect(at.right).toBeLessThanOrEqual(edge - FIT_MARGIN + 0.5);
      expect(at.bottom).toBeLessThanOrEqual(pane.height - room.bottom + 0.5);
      expect(at.top).toBeGreaterThanOrEqual(0);
    });

    it("leave the view on a phone, where the panel leaves no room beside it", () => {
      const phone = { width: 390, height: 700 };
      expect(viewClearOfPanel({ x: 0, y: 0, zoom: 1 }, phone, { width: 378, top: 0, bottom: 700 }, [node(0)], room, node(0))).toBeNull();
    });
  });
});
