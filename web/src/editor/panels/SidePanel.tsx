// A panel over the canvas's right edge (a node's settings, Results, History, Comments, Versions). Opened, it takes the
// focus (its heading: Tab goes on to its controls) unless a field is being typed in; closed, it gives the focus back
// to where it was (the button that opened it), or to `returnTo` when that is gone (the menu item that opened it).

import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { isTyping } from "../shortcuts";

/** A panel that slides over the right edge of the canvas, ending above the minimap (it scrolls when longer). */
export function SidePanel({ title, label, onClose, children, testId, returnTo, header }: {
  title: ReactNode; label: string; onClose(): void; children: ReactNode; testId: string;
  returnTo?: () => HTMLElement | null;
  /** What stays in sight above the scrolling part (a search field). */
  header?: ReactNode;
}) {
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const back = useRef(returnTo);
  useLayoutEffect(() => { back.current = returnTo; });
  // where the focus was as it opened (read before its fields can take it: Versions' name field focuses itself)
  const [before] = useState(() => document.activeElement);
  useLayoutEffect(() => {
    const aside = panel.current;
    const active = document.activeElement;
    if (!isTyping(active) && !aside?.contains(active)) heading.current?.focus({ preventScroll: true });
    return () => {
      const now = document.activeElement;
      if (now && now !== document.body && !aside?.contains(now)) return;  // it was moved on already
      const opener = before instanceof HTMLElement && before !== document.body && before.isConnected
        && !aside?.contains(before);
      const to = opener ? before : back.current?.();
      to?.focus({ preventScroll: true });
    };
  }, [before]);
  return (
    // 180px: the minimap's room at the canvas's bottom-right corner (xyflow draws it 150 px high, 15 px in)
    <aside ref={panel} aria-label={label} data-testid={testId} data-side-panel
      className="panel animate-fade-in absolute right-3 top-3 z-30 flex max-h-[calc(100%-0.75rem-180px)] w-80 flex-col">
      <div className="flex items-center justify-between border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <h2 ref={heading} tabIndex={-1} className="text-sm font-semibold outline-none">{title}</h2>
        <button type="button" className="rounded p-1 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
          onClick={onClose} aria-label={`Close ${label}`}>✕</button>
      </div>
      {header && <div className="px-4 pt-3">{header}</div>}
      <div data-side-panel-body className="overflow-y-auto p-4">{children}</div>
    </aside>
  );
}
