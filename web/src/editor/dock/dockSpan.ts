// Where the AI dock stands across the window: over the canvas, centred there (never over the palette beside it), and
// clear of the side panels open over the canvas's right edge; narrower where that leaves it less room.

import { useLayoutEffect, useState } from "react";
import { useCollabPanel } from "../activity/panels";
import { useEditor } from "../store/editorStore";

/** The side panels drawn over the canvas's right edge (a node's settings, Results, History, Comments, Versions):
 * every one is a SidePanel, which marks itself. */
const SIDE_PANELS = "[data-side-panel]";
/** The least room the dock takes left of a side panel, or of the minimap, rather than span what is right of it (px,
 * its 16 px margins included): its field and buttons in two rows. */
export const LEAST_SPAN = 280;

/** Across the window, where the dock stands (px): centred within it, and no wider. */
export interface DockSpan { left: number; width: number }

type Drawn = { left: number; width: number };

/** Where the dock stands: over the canvas (right of the palette beside it); with side panels open (`panels`, as
 * drawn), left of them, or where that leaves too little room, left of the minimap: the panels end above the minimap,
 * and a dock that spans it lifts it into them (index.css). With no room either way, the canvas's width. */
export function dockSpan(canvas: { left: number; right: number }, panels: Drawn[], minimap?: Drawn): DockSpan {
  const open = panels.filter((panel) => panel.width > 0);
  const edges = open.length === 0 ? [] : [Math.min(...open.map((panel) => panel.left))];
  if (edges.length > 0 && minimap && minimap.width > 0) edges.push(minimap.left);
  const right = edges.find((edge) => edge - canvas.left >= LEAST_SPAN) ?? canvas.right;
  return { left: canvas.left, width: Math.max(0, Math.min(right, canvas.right) - canvas.left) };
}

/** The dock's span, measured again as the canvas changes size (the window, the palette beside it or over it) and as
 * side panels open and close; null until the canvas is laid out (the window's width, then). */
export function useDockSpan(): DockSpan | null {
  const panels = useEditor((s) => `${s.galleryOpen} ${s.historyOpen} ${s.settingsNodeId ?? ""}`);
  const collabPanel = useCollabPanel((s) => s.panel);
  const [span, setSpan] = useState<DockSpan | null>(null);
  useLayoutEffect(() => {  // before the frame is drawn: the dock does not show over a panel that just opened
    const canvas = document.querySelector("[data-testid=canvas]");
    if (!canvas) return;
    const measure = () => {
      const drawn = canvas.getBoundingClientRect();
      const minimap = document.querySelector(".react-flow__minimap")?.getBoundingClientRect();
      const open = [...document.querySelectorAll(SIDE_PANELS)].map((panel) => panel.getBoundingClientRect());
      const next = drawn.width > 0 ? dockSpan(drawn, open, minimap) : null;
      setSpan((was) => (was?.left === next?.left && was?.width === next?.width ? was : next));
    };
    measure();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(canvas);
    window.addEventListener("resize", measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, [panels, collabPanel]);
  return span;
}
