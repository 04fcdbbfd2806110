// A notice that names nodes ("Can't run yet: …", "2 nodes failed: …") keeps them in sight: put up over one of them
// (the notice stands at the canvas's foot, where a node's own words of its problem are drawn), the view moves them
// above it, so what went wrong where can be read beside what the notice says. Only on the notice's coming: a node the
// user moves under it afterwards stays there. The view only.

import { useLayoutEffect } from "react";
import { useReactFlow, type Viewport } from "@xyflow/react";
import { CLEAR_DURATION } from "./clearOfPanel";
import { READABLE_ZOOM } from "./hooks/useCanvasCentre";
import { useEditor } from "./store/editorStore";
import type { EditorState } from "./store/editorStore";
import { markViewMoving, moveView } from "./viewMoving";

/** Room kept between a node moved clear of a notice and the notice, and the canvas's top (screen pixels); more than
 * the 4 px a notice rises as it fades in. */
export const NOTICE_GAP = 16;

/** A box on the canvas in pane pixels (its top-left is the pane's). */
export interface PaneBox { left: number; top: number; right: number; bottom: number }

const overlaps = (a: PaneBox, b: PaneBox) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function union(boxes: PaneBox[]): PaneBox {
  return { left: Math.min(...boxes.map((b) => b.left)), top: Math.min(...boxes.map((b) => b.top)),
    right: Math.max(...boxes.map((b) => b.right)), bottom: Math.max(...boxes.map((b) => b.bottom)) };
}

/** The view that moves the nodes drawn at `boxes` (pane pixels, at `view`) above a notice drawn at `notice` (pane
 * pixels) when it covers one of them; null when it covers none (the view stays). A node not drawn in the pane at all
 * does not count (the user is not looking at it). The nodes go up at the zoom they have when there is room between
 * the canvas's top (`top`: what floats there) and the notice; else the view zooms out about their middle as far as
 * they need, not below a readable zoom (or the view's, when lower); past that, the nodes the notice covers keep their
 * foot just above it, where a node's problem is written, and the rest may go past the top. */
export function viewClearOfNotice(view: Viewport, pane: { width: number; height: number }, notice: PaneBox,
  boxes: PaneBox[], top = NOTICE_GAP): Viewport | null {
  const shown = boxes.filter((box) => overlaps(box, { left: 0, top: 0, right: pane.width, bottom: pane.height }));
  const covered = shown.filter((box) => overlaps(box, notice));
  if (covered.length === 0) return null;
  const foot = notice.top - NOTICE_GAP;
  const all = union(shown);
  if (all.bottom - all.top <= foot - top) return { ...view, y: view.y + foot - all.bottom };
  // zoomed out about the middle of the nodes across, as far as they need, or as is readable
  const zoom = Math.max(view.zoom * (foot - top) / (all.bottom - all.top), Math.min(view.zoom, READABLE_ZOOM));
  const middle = (all.left + all.right) / 2;
  const scaled = (y: number) => view.y + (y - view.y) * zoom / view.zoom;
  // their foot just above the notice; not all of them fitting, the foot of those it covers
  const fits = (all.bottom - all.top) * zoom / view.zoom <= foot - top + 0.5;
  const bottom = scaled(fits ? all.bottom : union(covered).bottom);
  return { zoom, x: middle - (middle - view.x) * zoom / view.zoom, y: view.y + foot - bottom };
}

/** The nodes the notice on screen names (the run's: its nodes' problems), none for any other notice. */
function namedNodes(state: Pick<EditorState, "notice" | "runNotice">): readonly string[] {
  const { notice, runNotice } = state;
  return notice && runNotice && notice.id === runNotice.id ? runNotice.nodeIds : NONE;
}
const NONE: readonly string[] = [];

/** Where `element` is drawn, in pane pixels (`pane`: the pane's screen box). */
function paneBox(element: Element, pane: DOMRect): PaneBox {
  const box = element.getBoundingClientRect();
  return { left: box.left - pane.left, top: box.top - pane.top, right: box.right - pane.left,
    bottom: box.bottom - pane.top };
}

/** Move the nodes a notice names clear of it as it comes (viewClearOfNotice), measured as drawn: a node's problem
 * grows it in the same moment. A view the user is moving (a pan, a drag) is left alone. From the notice's coming to
 * the end of the move, the canvas says its view is moving (data-view-moving): what measures nodes on screen waits. */
export function useNodesClearOfNotice(): void {
  const noticeId = useEditor((s) => s.notice?.id ?? null);
  const named = useEditor(namedNodes);
  const { getViewport, setViewport } = useReactFlow();
  useLayoutEffect(() => {
    const canvas = document.querySelector<HTMLElement>(".react-flow");
    if (noticeId === null || named.length === 0 || !canvas) return;
    // marked at once: the move is measured only the next frame
    const still = markViewMoving(canvas);
    // measured the next frame: the notice makes room for the canvas's corner panels once it is drawn
    const frame = requestAnimationFrame(() => {
      const drawn = document.querySelector("[data-testid=notice]");
      const pane = canvas.getBoundingClientRect();
      const boxes = named.flatMap((id) => {
        const element = canvas.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
        return element ? [paneBox(element, pane)] : [];
      });
      const moving = canvas.querySelector(".react-flow__pane.dragging, .react-flow__node.dragging");
      const view = drawn && !moving ? viewClearOfNotice(getViewport(), pane, paneBox(drawn, pane), boxes) : null;
      const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;  // asked for no motion: a jump
      // the move, once started, ends by itself (finished, or cut short by another: Show why's), the notice gone or not
      if (view) moveView(canvas, setViewport, view, reduced ? 0 : CLEAR_DURATION);
      still();
    });
    return () => {
      cancelAnimationFrame(frame);
      still();  // the notice gone, or the canvas, before it was measured
    };
  }, [noticeId, named, getViewport, setViewport]);
}
