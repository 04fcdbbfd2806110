// Binds the shortcut table to the window while the editor is open.

import { useEffect } from "react";
import { useReactFlow } from "@xyflow/react";
import { estimatedSize, pasteSpot } from "../palette/freeSpot";
import { findShortcut, isTyping, keepsKey, matches, type ShortcutContext } from "../shortcuts";
import { requestRun } from "../runGate";
import { useEditor } from "../store/editorStore";
import { useFitGraph, visibleCanvas } from "./useCanvasCentre";

export function useShortcuts(): void {
  const flow = useReactFlow();
  const fitGraph = useFitGraph();
  useEffect(() => {
    const context: ShortcutContext = {
      fitView: () => fitGraph(),
      paste: () => {
        const { nodes, specsByType } = useEditor.getState();
        const clipboard = useEditor.getState().pasteSource();
        if (!clipboard?.nodes.length) return;
        const originals = clipboard.nodes.map((node) => node.id);
        const spot = pasteSpot(clipboard.nodes, nodes, visibleCanvas(flow.screenToFlowPosition) ?? undefined,
          (nodeType) => estimatedSize(specsByType.get(nodeType)));
        useEditor.getState().paste(spot.at, clipboard);  // read and told once
        // no free spot beside them in view: the view shows the originals and the copy (selected now), once drawn
        const pasted = useEditor.getState().nodes.filter((node) => node.selected).map((node) => node.id);
        if (!spot.inView) requestAnimationFrame(() => fitGraph([...originals, ...pasted]));
      },
    };
    const onKey = (event: KeyboardEvent) => {
      if (answeredInNodeField(event)) return;
      if (keepsKey(event.target, event) && event.key !== "Escape") return;
      if (event.defaultPrevented) return;  // answered already (Escape in quick-add's search, the More menu)
      const shortcut = findShortcut(event);
      if (!shortcut?.perform) return;
      event.preventDefault();
      shortcut.perform(context);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flow, fitGraph]);
}

/** Two keys a field on a node answers for the editor: Ctrl+Enter (⌘ Enter) runs the graph with what was typed (the
 * field is left and entered again, so that a field that keeps its text until it is left commits it first), and
 * Escape leaves the field for its node (Delete then deletes the node only when pressed again, on purpose). Whether
 * the key was answered here. */
function answeredInNodeField(event: KeyboardEvent): boolean {
  const field = event.target;
  if (event.defaultPrevented || !isTyping(field) || !(field instanceof HTMLElement)) return false;
  const node = field.closest<HTMLElement>(".react-flow__node");
  if (matches(event, "Mod+Enter") && (node || field.closest("[data-testid=settings-panel]"))) {
    event.preventDefault();
    field.blur();
    requestRun();
    field.focus({ preventScroll: true });
    return true;
  }
  if (event.key === "Escape" && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey && node
    && node.tabIndex >= 0) {
    event.preventDefault();
    node.focus({ preventScroll: true });
    return true;
  }
  return false;
}
