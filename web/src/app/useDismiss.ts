// How a popover (the More menu, the account menu, "Buy credits") goes away when the person moves on: a press
// outside it, or Escape. Escape is answered here and marked so (preventDefault): the editor's own Escape
// (shortcuts.ts closeTopmost) then closes nothing more, and the focus goes back to the popover's own button.

import { useEffect, useRef, type RefObject } from "react";

/** While `open`, a press outside `root` or Escape anywhere calls `close`. */
export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, close: () => void): void {
  const latest = useRef(close);
  useEffect(() => { latest.current = close; });
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) latest.current();
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      const focusInside = root.current?.contains(document.activeElement) ?? false;
      latest.current();
      if (focusInside) root.current?.querySelector("button")?.focus();  // not left on a box that is gone
    };
    document.addEventListener("pointerdown", away);
    window.addEventListener("keydown", escape, true);  // before the editor's shortcuts hear it
    return () => {
      document.removeEventListener("pointerdown", away);
      window.removeEventListener("keydown", escape, true);
    };
  }, [open, root]);
}
