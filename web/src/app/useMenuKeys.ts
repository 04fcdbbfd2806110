// The keys of a menu as ARIA describes one (the ··· menus of the project list and of the editor's top bar): its first
// item takes the focus as it opens, the arrow keys (and Home, End) move it round its items, and Tab closes it and goes
// on from its button, as from a menu that was never open. Escape and a press outside are useDismiss's.

import { type KeyboardEvent, type RefObject, useEffect } from "react";

/** A menu's items that take the focus (menuitem, menuitemcheckbox). */
export const MENU_ITEMS = '[role^="menuitem"]:not(:disabled)';

/** The key's item after `at` of `count`, round the ends; undefined for a key that moves nothing. Left and Right move
 * as Up and Down do: a menu whose items wrap in rows (the top bar's) is read along its rows. */
export function nextItem(key: string, at: number, count: number): number | undefined {
  const next = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0,
    End: count - 1 }[key];
  return next === undefined || count === 0 ? undefined : (next + count) % count;
}

/** While `open`, the focus is in `menu`'s items; the returned handler, the menu's onKeyDown, moves it. `root` holds the
 * menu's button (its first button) and the menu. */
export function useMenuKeys(open: boolean, root: RefObject<HTMLElement | null>, menu: RefObject<HTMLElement | null>,
  close: () => void): (event: KeyboardEvent) => void {
  useEffect(() => { if (open) menu.current?.querySelector<HTMLElement>(MENU_ITEMS)?.focus(); }, [open, menu]);
  return (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === "Tab") {
      root.current?.querySelector("button")?.focus();
      close();
      return;
    }
    const items = [...(menu.current?.querySelectorAll<HTMLElement>(MENU_ITEMS) ?? [])];
    const next = nextItem(event.key, items.indexOf(document.activeElement as HTMLElement), items.length);
    if (next === undefined) return;
    event.preventDefault();
    items[next].focus();
  };
}
