import { useEffect, type RefObject } from "react";

/** While `open`, a press anywhere outside `root` calls `close`: how a popover (a menu, the account menu, "Buy
 * credits") goes away when the person moves on. */
export function useCloseOnPointerAway(open: boolean, root: RefObject<HTMLElement | null>, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open, root, close]);
}
