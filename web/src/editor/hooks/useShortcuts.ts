// Binds the shortcut table to the window while the editor is open.

import { useEffect } from "react";
import { useReactFlow } from "@xyflow/react";
import { estimatedSize, pasteSpot } from "../palette/freeSpot";
import { findShortcut, keepsKey, type ShortcutContext } from "../shortcuts";
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
