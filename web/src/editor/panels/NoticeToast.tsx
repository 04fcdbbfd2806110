// Short notices (connection refused, run problems), announced to screen readers. A notice stays long enough to be
// read (longer for a longer text, longer still for a problem), never goes while the pointer is on it or it has
// focus, and can be closed; a sticky one stays until it is closed; one whose cause is over goes at once. A notice
// may offer one action ("Use mine").
// They show at the bottom, stacked above the AI dock as tall as it is at the time (its plan's lines, a phone's
// second row of buttons; measured by the dock, `--ai-dock-cover`): at the top they covered the nodes' titles and
// comment pins, at a fixed height the dock's "Applied:" line and its field. Lifted above the dock as well, the canvas's
// zoom controls and the minimap stand beside them: a notice keeps between the two (on a phone it covered the lowest of
// the controls, and the map where it was shown). Where the room between them is too narrow to read in (a phone with
// its map shown: a column of ~190 px, words broken mid-word, as tall as half the screen), it stands above both instead.
// Put up over the nodes it names (a run's problems, written at each node's foot), the view moves them above it
// (clearOfNotice.ts).

import { useEffect, useLayoutEffect, useState } from "react";
import { useEditor } from "../store/editorStore";
import type { Notice } from "../store/uiSlice";
import { visibleMs } from "./noticeTime";

/** A notice's foot: 8px above the AI dock (AiDock's useDockCover), or above the screen's foot where no dock shows
 * (a viewer's page, a phone's palette open over the canvas). */
const ABOVE_DOCK = "calc(max(var(--ai-dock-cover, 0px), env(safe-area-inset-bottom, 0px) + 8px) + 8px)";

/** Room kept between a notice and the canvas's corner panels beside it (px). */
const PANEL_GAP = 8;

/** The narrowest room between the panels a notice keeps to (px): narrower, it stands above them. */
const MIN_NOTICE_WIDTH = 280;

/** Where a notice keeps clear of the canvas's corner panels. */
interface Clearance {
  /** How far it keeps from the window's left and right (px). */
  left: number;
  right: number;
  /** How far its foot keeps from the window's foot (px): above the taller panel, or 0 while it stands beside them. */
  above: number;
}

/** Clear of the canvas's zoom controls (bottom-left) and of its minimap (bottom-right; on a phone, shown by the Map
 * button) by PANEL_GAP: between them where there is MIN_NOTICE_WIDTH of room, else above the taller of the two at the
 * window's width; 0 on a side without one (a page with no canvas, a phone's map hidden). Measured again as the window
 * changes and as the canvas adds or drops a panel. */
function useClearOfPanels(): Clearance {
  const [clear, setClear] = useState<Clearance>({ left: 0, right: 0, above: 0 });
  useLayoutEffect(() => {
    const drawn = (selector: string) => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      return box && box.width > 0 ? box : null;
    };
    const measure = () => {
      const controls = drawn(".react-flow__controls");
      const map = drawn(".react-flow__minimap");
      let left = controls ? controls.right + PANEL_GAP : 0;
      let right = map ? window.innerWidth - map.left + PANEL_GAP : 0;
      let above = 0;
      if (window.innerWidth - left - right < MIN_NOTICE_WIDTH) {
        const top = Math.min(...[controls, map].map((box) => box?.top ?? window.innerHeight));
        [left, right, above] = [0, 0, Math.max(0, window.innerHeight - top + PANEL_GAP)];
      }
      setClear((was) => (was.left === left && was.right === right && was.above === above ? was
        : { left, right, above }));
    };
    measure();
    const canvas = document.querySelector(".react-flow");
    const observer = canvas && typeof MutationObserver !== "undefined" ? new MutationObserver(measure) : null;
    if (canvas) observer?.observe(canvas, { childList: true });
    window.addEventListener("resize", measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, []);
  return clear;
}

export function NoticeToast() {
  const notice = useEditor((s) => s.notice);
  if (!notice) return null;
  return <NoticeCard key={notice.id} notice={notice} />;
}

function NoticeCard({ notice }: { notice: Notice }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;
  const over = useEditor((s) => notice.over?.(s) ?? false);
  useEffect(() => {
    if (over) useEditor.getState().dismissNotice();
  }, [over]);
  useEffect(() => {
    // a notice let go of gets its whole time again: it was being read
    if (notice.sticky || held) return;
    const timer = setTimeout(() => useEditor.getState().dismissNotice(), visibleMs(notice));
    return () => clearTimeout(timer);
  }, [notice, held]);
  const error = notice.tone === "error";
  const clear = useClearOfPanels();
  return (
    // Centred between two equal margins, at least 5vw each, the left one never narrower than the zoom controls, the
    // right one than the minimap: a notice as wide as the window allows (on a phone a narrow column was a few words to
    // a line), centred where there is room, and narrower on a panel's side where there is not. (Centred by `left-1/2`
    // and a shift, a notice had half the window to grow in.)
    // Above the panels (no room between them), its foot is over the taller one, or the dock where that is higher.
    <div className="pointer-events-none fixed inset-x-0 z-50 flex"
      style={{ bottom: clear.above ? `max(${ABOVE_DOCK}, ${clear.above}px)` : ABOVE_DOCK }}>
      <span className="flex-1 basis-0" style={{ minWidth: `max(5vw, ${clear.left}px)` }} />
      <div role={error ? "alert" : "status"} data-testid="notice"
        onPointerEnter={() => setHovered(true)} onPointerLeave={() => setHovered(false)}
        onFocus={() => setFocused(true)}
        onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false); }}
        className={`animate-fade-in pointer-events-auto flex min-w-0 max-w-[40rem] items-start gap-3 rounded-lg
          py-2 pl-4 pr-2 text-sm shadow-lg
          ${error ? "bg-red-600 text-white" : "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"}`}>
        {/* a long unbroken word (a file name, an address quoted) wraps inside the notice, keeping ✕ in view */}
        <span className="min-w-0 py-0.5 [overflow-wrap:anywhere]">{notice.message}</span>
        {notice.action && (
          <button type="button" data-testid="notice-action"
            onClick={() => { notice.action!.run(); useEditor.getState().dismissNotice(); }}
            className="shrink-0 whitespace-nowrap rounded px-2 py-0.5 font-medium underline underline-offset-2
              hover:no-underline focus-visible:outline-2 focus-visible:outline-current">
            {notice.action.label}
          </button>
        )}
        <button type="button" aria-label="Close notice" title="Close"
          onClick={() => useEditor.getState().dismissNotice()}
          className="shrink-0 rounded p-1 opacity-80 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-current">
          {/* an icon, not a character: the notice's text is its message alone */}
          <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" stroke="currentColor" strokeWidth="1.6">
            <path d="M2 2l8 8M10 2l-8 8" />
          </svg>
        </button>
      </div>
      <span className="flex-1 basis-0" style={{ minWidth: `max(5vw, ${clear.right}px)` }} />
    </div>
  );
}
