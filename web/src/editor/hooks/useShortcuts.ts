// Binds the shortcut table to the window while the editor is open.

import { useEffect } from "react";
import { useReactFlow } from "@xyflow/react";
import { findShortcut, isTyping, type ShortcutContext } from "../shortcuts";
import { canvasCentre } from "./useCanvasCentre";

export function useShortcuts(): void {
  const flow = useReactFlow();
  useEffect(() => {
    const context: ShortcutContext = {
      fitView: () => void flow.fitView({ padding: 0.2, duration: 250 }),
      centre: () => canvasCentre(flow.screenToFlowPosition),
    };
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) && event.key !== "Escape") return;
      const shortcut = findShortcut(event);
      if (!shortcut?.perform) return;
      event.preventDefault();
      shortcut.perform(context);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flow]);
}
