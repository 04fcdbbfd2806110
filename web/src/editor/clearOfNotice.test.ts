// A notice put up over a node it names moves the view so the node, and its own words of its problem at its foot, show
// above the notice; a notice over none of them leaves the view.
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NOTICE_GAP, useNodesClearOfNotice, viewClearOfNotice, type PaneBox } from "./clearOfNotice";
import { useEditor } from "./store/editorStore";

// a move that never finishes: xyflow's, cut short by another (Show why's fit), never settles
const setViewport = vi.fn(() => new Promise<boolean>(() => {}));
vi.mock("@xyflow/react", async (original) => ({
  ...await original<typeof import("@xyflow/react")>(),
  useReactFlow: () => ({ getViewport: () => ({ x: 0, y: 0, zoom: 1 }), setViewport }),
}));

/** A 1280 × 800 page's canvas, beside the palette and below the toolbar. */
const pane = { width: 1024, height: 752 };
/** "Can't run yet: …" above the AI dock, centred, two lines. */
const NOTICE: PaneBox = { left: 64, top: 620, right: 704, bottom: 680 };
/** A node drawn at (x, y) on the pane, 190 × 190 (an Image Upload at 0.85). */
const node = (x: number, y: number): PaneBox => ({ left: x, top: y, right: x + 190, bottom: y + 190 });
/** Where `box` is drawn once the view goes from `from` to `to`. */
function moved(box: PaneBox, from: { x: number; y: number; zoom: number }, to: { x: number; y: number; zoom: number }) {
  const scale = to.zoom / from.zoom;
  const at = (screen: number, origin: number, next: number) => next + (screen - origin) * scale;
  return { left: at(box.left, from.x, to.x), right: at(box.right, from.x, to.x), top: at(box.top, from.y, to.y),
    bottom: at(box.bottom, from.y, to.y) };
}

describe("viewClearOfNotice", () => {
  const view = { x: 500, y: 300, zoom: 0.85 };

  it("leaves the view when the notice covers none of the nodes it names", () => {
    expect(viewClearOfNotice(view, pane, NOTICE, [node(400, 200)])).toBeNull();
    expect(viewClearOfNotice(view, pane, NOTICE, [node(760, 560)])).toBeNull();  // beside it, right of it
    expect(viewClearOfNotice(view, pane, NOTICE, [])).toBeNull();
  });

  it("moves a covered node up, at the same zoom and across, its foot just above the notice", () => {
    const covered = node(417, 492);
    const clear = viewClearOfNotice(view, pane, NOTICE, [covered])!;
    expect(clear).toEqual({ ...view, y: view.y + (NOTICE.top - NOTICE_GAP) - covered.bottom });
    expect(moved(covered, view, clear).bottom).toBe(NOTICE.top - NOTICE_GAP);
  });

  it("moves the others it names with it, zooming out as far as they need to stay in view", () => {
    const [high, low] = [node(417, 60), node(417, 492)];
    const clear = viewClearOfNotice(view, pane, NOTICE, [high, low])!;
    expect(clear.zoom).toBeLessThan(view.zoom);
    expect(clear.zoom).toBeGreaterThanOrEqual(0.75);
    expect(moved(high, view, clear).top).toBeCloseTo(NOTICE_GAP);
    expect(moved(low, view, clear).bottom).toBeCloseTo(NOTICE.top - NOTICE_GAP);
    // zoomed about their middle across: they stay where they were drawn across
    const middle = (low.left + low.right) / 2;
    const now = moved(low, view, clear);
    expect((now.left + now.right) / 2).toBeCloseTo(middle);
  });

  it("zooms out no further than is readable: past that, the covered node's foot, where its problem is, shows", () => {
    const [high, low] = [node(417, -40), node(417, 492)];
    const clear = viewClearOfNotice(view, pane, NOTICE, [high, low])!;
    expect(clear.zoom).toBe(0.75);
    expect(moved(low, view, clear).bottom).toBeCloseTo(NOTICE.top - NOTICE_GAP);
    expect(moved(high, view, clear).top).toBeLessThan(NOTICE_GAP);
    // a view zoomed out further already is not zoomed out more
    const far = { ...view, zoom: 0.5 };
    expect(viewClearOfNotice(far, pane, NOTICE, [high, low])!.zoom).toBe(0.5);
  });

  it("counts no node drawn off the canvas", () => {
    const covered = node(417, 492);
    const clear = viewClearOfNotice(view, pane, NOTICE, [covered, node(417, -900)])!;
    expect(clear).toEqual({ ...view, y: view.y + (NOTICE.top - NOTICE_GAP) - covered.bottom });
  });
});

describe("useNodesClearOfNotice", () => {
  let canvas: HTMLElement;
  const drawnAt = (element: Element, top: number, bottom: number) => {
    element.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: top, width: 600, height: bottom - top });
  };
  beforeEach(() => {
    vi.useFakeTimers();
    setViewport.mockClear();
    canvas = document.createElement("div");
    canvas.className = "react-flow";
    drawnAt(canvas, 0, 800);
    const failed = document.createElement("div");
    failed.className = "react-flow__node";
    failed.dataset.id = "blur-1";
    drawnAt(failed, 600, 760);  // under the notice
    const notice = document.createElement("div");
    notice.dataset.testid = "notice";
    drawnAt(notice, 700, 780);
    canvas.append(failed);
    document.body.append(canvas, notice);
  });
  afterEach(() => {
    document.body.replaceChildren();
    useEditor.setState({ notice: null, runNotice: null });
    vi.useRealTimers();
  });
  const failedRun = () => {
    const id = useEditor.getState().notify("Blur failed: the picture is too large", "error");
    useEditor.setState({ runNotice: { id, nodeIds: ["blur-1"] } });
  };
  const moving = () => canvas.dataset.viewMoving === "true";

  it("says the view moves from the notice's coming, and is still once a move cut short by Show why is over", async () => {
    renderHook(() => useNodesClearOfNotice());
    act(failedRun);
    expect(moving()).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(20));  // measured: the node moves up
    expect(setViewport).toHaveBeenCalledOnce();
    act(() => useEditor.getState().dismissNotice());  // Show why closes the notice, its fit cutting the move short
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(moving()).toBe(false);
  });

  it("is still at once when the notice closes before it was measured", () => {
    renderHook(() => useNodesClearOfNotice());
    act(failedRun);
    act(() => useEditor.getState().dismissNotice());
    expect(moving()).toBe(false);
    expect(setViewport).not.toHaveBeenCalled();
  });

  it("is still at once when the canvas goes before the notice was measured", () => {
    const hook = renderHook(() => useNodesClearOfNotice());
    act(failedRun);
    hook.unmount();
    expect(moving()).toBe(false);
  });
});
