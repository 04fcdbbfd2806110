// The top bar's secondary buttons (panels, help, theme, share): in the bar where the window is wide enough for
// them, else behind a "More" button, so that on a small laptop or a phone the bar fits the window with the title,
// the save state and Run in view. The buttons are the same ones either way, so they keep their names and test ids.

import { useRef, useState, type ReactNode } from "react";
import { useDismiss } from "../../app/useDismiss";

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

/** `inlineFrom`: the breakpoint from which the buttons are in the bar (the bar holds more with accounts). */
export function ToolbarMenu({ inlineFrom, children }: { inlineFrom: keyof typeof INLINE_FROM; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(open, root, () => setOpen(false));

  return (
    <div ref={root} className="relative flex items-center">
      <button type="button" className={`btn px-2 ${INLINE_FROM[inlineFrom].more}`} onClick={() => setOpen(!open)}
        aria-expanded={open} aria-controls="toolbar-menu" aria-label="More" title="Panels, help, theme and more"
        data-testid="toolbar-more">
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
          <circle cx="3" cy="8" r="1.5" /><circle cx="8" cy="8" r="1.5" /><circle cx="13" cy="8" r="1.5" />
        </svg>
      </button>
      {/* a click on one of its buttons has done what it offered: the menu goes (not after Undo or Redo, which are
          pressed again and again) */}
      <div id="toolbar-menu" data-testid="toolbar-menu" onClick={(e) => {
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
