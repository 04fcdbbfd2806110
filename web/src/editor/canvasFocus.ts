// The keyboard's place on the canvas survives what removes the focused element: a node deleted, a rename ended with
// Enter, the node menu closed. The browser would drop the focus to the page's start (the next Tab from the top);
// it goes to the node it was on (or the menu was for), else the node nearest to where it was, else the canvas.
// The canvas itself is a Tab stop (CANVAS_STOP): there, the arrow keys move the view (useKeyboardPan).

import { useEffect } from "react";
import { useEditor } from "./store/editorStore";

const CANVAS = "[data-testid=canvas]";
/** The canvas's own Tab stop: xyflow's pane (its `role="application"` element), focusable in Canvas. */
export const CANVAS_STOP = `${CANVAS} > .react-flow`;
const NODE_MENU = "[data-testid=node-menu]";
/** Frames waited for the removal to be drawn (a key's change reaches the page within one or two). */
const FRAMES = 4;

interface Place {
  element: Element;
  nodeId: string | null;
  x: number;
  y: number;
}

/** The node element with id `nodeId` on the canvas, if drawn. */
export function nodeElement(nodeId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`${CANVAS} .react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
}

/** Focus the node with id `nodeId`, else the drawn node nearest to (x, y), else the canvas itself. */
export function focusOnCanvas(nodeId: string | null, x: number, y: number): void {
  const own = nodeId ? nodeElement(nodeId) : null;
  const nodes = [...document.querySelectorAll<HTMLElement>(`${CANVAS} .react-flow__node`)]
    .filter((node) => node.tabIndex >= 0);
  const distance = (node: HTMLElement) => {
    const box = node.getBoundingClientRect();
    return Math.hypot(box.x + box.width / 2 - x, box.y + box.height / 2 - y);
  };
  const nearest = nodes.reduce<HTMLElement | null>((best, node) =>
    (!best || distance(node) < distance(best) ? node : best), null);
  const target = own?.tabIndex !== undefined && own.tabIndex >= 0 ? own : nearest;
  if (target) {
    target.focus({ preventScroll: true });
    return;
  }
  document.querySelector<HTMLElement>(CANVAS_STOP)?.focus({ preventScroll: true });
}

/** Where the focus is as a key is pressed, when it is on the canvas or in the node menu. */
function placeOf(element: Element | null): Place | null {
  if (!element || element === document.body) return null;
  const inMenu = element.closest(NODE_MENU);
  if (!inMenu && !element.closest(CANVAS)) return null;
  const menu = useEditor.getState().menu;
  const nodeId = inMenu ? (menu?.kind === "node" ? menu.nodeId : null)
    : element.closest(".react-flow__node")?.getAttribute("data-id") ?? null;
  const box = (nodeId && nodeElement(nodeId) || element).getBoundingClientRect();
  return { element, nodeId, x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** While the canvas is shown: a key that removes the focused element leaves the focus on the canvas (mouse use
 * is untouched: only a key's removals are followed). */
export function useFocusKeptOnCanvas(): void {
  useEffect(() => {
    let frame = 0;
    const onKey = (event: KeyboardEvent) => {
      const place = placeOf(document.activeElement);
      if (!place || event.key === "Tab") return;
      cancelAnimationFrame(frame);
      let left = FRAMES;
      const check = () => {
        const active = document.activeElement;
        if (active && active !== document.body && active !== place.element) return;  // moved on purpose
        if (place.element.isConnected) {
          if (--left > 0) frame = requestAnimationFrame(check);
          return;
        }
        focusOnCanvas(place.nodeId, place.x, place.y);
      };
      frame = requestAnimationFrame(check);
    };
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      cancelAnimationFrame(frame);
    };
  }, []);
}
