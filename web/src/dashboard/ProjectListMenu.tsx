// The ··· menu of the project list: what acts on the whole list ("Move all to trash…"), by the list and away from
// the search box, so that nothing destructive reads as clearing the search. A menu as ARIA describes one: the
// first item takes the focus, the arrow keys (and Home, End) move it, Escape closes and hands it back to ···.

import { useRef, useState } from "react";
import { useDismiss } from "../app/useDismiss";
import { useMenuKeys } from "../app/useMenuKeys";

export function ProjectListMenu({ onTrashAll }: { onTrashAll(): void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useDismiss(open, root, () => setOpen(false));
  const move = useMenuKeys(open, root, menu, () => setOpen(false));
  const act = (action: () => void) => () => { setOpen(false); action(); };

  return (
    <div ref={root} className="relative">
      <button type="button" className="btn px-2 py-1" onClick={() => setOpen(!open)} aria-haspopup="menu"
        aria-expanded={open} aria-controls="project-list-menu" aria-label="Actions on all projects"
        title="Actions on all projects" data-testid="project-list-more">
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
          <circle cx="3" cy="8" r="1.5" /><circle cx="8" cy="8" r="1.5" /><circle cx="13" cy="8" r="1.5" />
        </svg>
      </button>
      {open && (
        <div ref={menu} id="project-list-menu" role="menu" aria-label="Actions on all projects" onKeyDown={move}
          className="panel animate-fade-in absolute right-0 top-9 z-10 w-56 p-1">
          <button type="button" role="menuitem" tabIndex={-1} onClick={act(onTrashAll)}
            className="menu-item text-red-600 dark:text-red-400">
            Move all to trash…
          </button>
        </div>
      )}
    </div>
  );
}
