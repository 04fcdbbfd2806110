// The top bar's secondary buttons (panels, help, theme, share): in the bar where the window is wide enough for
// them, else behind a "More" button, so that on a small laptop or a phone the bar fits the window with the title,
// the save state and Run in view. The buttons are the same ones either way, so they keep their names and test ids.
// Behind More they are a menu as ARIA describes one (useMenuKeys): its items while it is open, the bar's own buttons
// while they are in the bar.

import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useDismiss } from "../../app/useDismiss";
import { useMenuKeys } from "../../app/useMenuKeys";

/** The classes of the More button and of the buttons' box, by the width from which the buttons fit in the bar
 * (written out whole: Tailwind finds its classes in the source). */
const INLINE_FROM = {
  lg: {
    more: "lg:hidden",
    box: "lg:static lg:flex lg:w-auto lg:flex-nowrap lg:items-center lg:rounded-none lg:border-0 lg:bg-transparent "
      + "lg:p-0 lg:shadow-none lg:backdrop-blur-none dark:lg:bg-transparent",
  },
  xl: {
    more: "xl:hidden",
    box: "xl:static xl:flex xl:w-auto xl:flex-nowrap xl:items-center xl:rounded-none xl:border-0 xl:bg-transparent "
      + "xl:p-0 xl:shadow-none xl:backdrop-blur-none dark:xl:bg-transparent",
  },
};

/** Make `box`'s buttons a menu's items (`items`), a toggle a checkable one, or plain buttons again. They are the
 * callers' own buttons (Toolbar.tsx), the same ones as in the bar: their roles are set here, as the menu opens, and
 * taken off those it set as it closes. */
function markItems(box: HTMLElement, items: boolean) {
  if (!items) {
    for (const button of box.querySelectorAll("button[data-menu-item]")) {
      for (const name of ["role", "aria-checked", "tabindex", "data-menu-item"]) button.removeAttribute(name);
    }
    return;
  }
  for (const button of box.querySelectorAll("button")) {
    const pressed = button.getAttribute("aria-pressed");
    button.setAttribute("role", pressed === null ? "menuitem" : "menuitemcheckbox");
    if (pressed !== null) button.setAttribute("aria-checked", pressed);
    button.tabIndex = -1;
    button.setAttribute("data-menu-item", "");
  }
}

/** Whether `element` is drawn (the More button is not, where the buttons fit in the bar). */
const drawn = (element: HTMLElement | null) => Boolean(element?.getClientRects().length);

/** `inlineFrom`: the breakpoint from which the buttons are in the bar (the bar holds more with accounts). */
export function ToolbarMenu({ inlineFrom, children }: { inlineFrom: keyof typeof INLINE_FROM; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const more = useRef<HTMLButtonElement>(null);
  const close = () => setOpen(false);
  useDismiss(open, root, close);
  useLayoutEffect(() => {  // before useMenuKeys focuses the first item
    if (!box.current) return;
    markItems(box.current, open);
    if (!open) return;
    // the window widened past the breakpoint: the buttons are back in the bar, and no menu is open
    const widened = () => { if (!drawn(more.current)) setOpen(false); };
    window.addEventListener("resize", widened);
    return () => window.removeEventListener("resize", widened);
  }, [open]);
  const move = useMenuKeys(open, root, box, close);

  return (
    <div ref={root} className="relative flex items-center">
      <button ref={more} type="button" className={`btn px-2 ${INLINE_FROM[inlineFrom].more}`}
        onClick={() => setOpen(!open)} aria-haspopup="menu" aria-expanded={open} aria-controls="toolbar-menu"
        aria-label="More" title="Panels, help, theme and more" data-testid="toolbar-more">
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
          <circle cx="3" cy="8" r="1.5" /><circle cx="8" cy="8" r="1.5" /><circle cx="13" cy="8" r="1.5" />
        </svg>
      </button>
      {/* a click on one of its buttons has done what it offered: the menu goes (not after Undo or Redo, which are
          pressed again and again) */}
      <div ref={box} id="toolbar-menu" data-testid="toolbar-menu" role={open ? "menu" : undefined}
        aria-label={open ? "More" : undefined} onKeyDown={move} onClick={(e) => {
          const button = (e.target as Element).closest("button");
          if (button && !button.hasAttribute("data-repeatable")) setOpen(false);
        }}
        className={`${open ? "flex" : "hidden"} panel absolute right-0 top-10 z-40 w-56 flex-wrap gap-1.5 p-2
          ${INLINE_FROM[inlineFrom].box}`}>
        {children}
      </div>
    </div>
  );
}
