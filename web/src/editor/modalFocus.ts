// A modal over the editor holds the keyboard's focus: Tab and Shift+Tab go round its own controls, never to the page
// behind it, and once it closes the focus goes back to where it was (the shortcuts sheet, the result viewer).

import { useLayoutEffect, type RefObject } from "react";
import { tabStops } from "./tabOrder";

/** Tab (Shift+Tab: back) from the focused element to the next of `root`'s own stops, round from the last to the
 * first; from outside `root` (or from `root` itself), to its first (last) stop. Whether the key was answered. */
export function keepTabIn(root: HTMLElement | null,
  event: Pick<KeyboardEvent, "key" | "shiftKey" | "preventDefault">): boolean {
  if (event.key !== "Tab" || !root) return false;
  const stops = tabStops(root);
  if (!stops.length) return false;
  const at = stops.indexOf(document.activeElement as HTMLElement);
  const step = event.shiftKey ? -1 : 1;
  const to = at < 0 ? (event.shiftKey ? stops.length - 1 : 0) : (at + step + stops.length) % stops.length;
  event.preventDefault();
  stops[to].focus();
  return true;
}

/** While mounted, the focus starts on `first`; on unmount it goes back to what had it before (if still there). */
export function useFocusHeld(first: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const before = document.activeElement;
    first.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
    };
  }, [first]);
}
