// Which rows of a long list of equal rows are drawn: those in its scrolling box's view and a few either side, so a
// list of 300 results costs what a screenful does, on opening and at every step of a scroll.

import { useLayoutEffect, useState, type RefObject } from "react";

/** Where the view of a list is: how far its box is scrolled, how tall the box is, and where the list starts in it. */
export interface ListView {
  scrollTop: number;
  height: number;
  /** The list's top below the top of the box's content (what is above it in the box: padding, a heading). */
  listTop: number;
}

/** Rows `first` to `end` (not included). */
export interface RowRange {
  first: number;
  end: number;
}

/** Rows drawn beyond each edge of the view: a quick scroll or a key's step shows drawn rows, not a blank. */
const OVERSCAN = 2;

/** The rows of `count` rows `row` pixels apart that a view shows, with OVERSCAN more either side. */
export function visibleRows(view: ListView, count: number, row: number): RowRange {
  const top = view.scrollTop - view.listTop;
  const first = Math.max(0, Math.floor(top / row) - OVERSCAN);
  const end = Math.min(count, Math.ceil((top + view.height) / row) + OVERSCAN);
  return { first: Math.min(first, end), end };
}

/** The nearest box around `element` that scrolls it; the document's when none does. */
export function scrollingBox(element: HTMLElement): HTMLElement {
  for (let box = element.parentElement; box; box = box.parentElement) {
    const { overflowY } = getComputedStyle(box);
    if (overflowY === "auto" || overflowY === "scroll") return box;
  }
  return document.scrollingElement instanceof HTMLElement ? document.scrollingElement : document.documentElement;
}

const same = (a: RowRange, b: RowRange) => a.first === b.first && a.end === b.end;

/** The rows of the list in `list` to draw, measured as it opens and again at most once a frame as its box scrolls
 * or is resized. Before the list is laid out (and where nothing is, as in tests), a window's height of rows. */
export function useVisibleRows(list: RefObject<HTMLElement | null>, count: number, row: number): RowRange {
  const [range, setRange] = useState<RowRange>(() =>
    visibleRows({ scrollTop: 0, height: window.innerHeight, listTop: 0 }, count, row));
  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const box = scrollingBox(element);
    let frame = 0;
    const measure = () => {
      frame = 0;
      const height = box.clientHeight || window.innerHeight;
      const listTop = element.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      const next = visibleRows({ scrollTop: box.scrollTop, height, listTop }, count, row);
      setRange((last) => (same(last, next) ? last : next));
    };
    const later = () => { if (!frame) frame = requestAnimationFrame(measure); };
    measure();
    box.addEventListener("scroll", later, { passive: true });
    const resized = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(later);
    resized?.observe(box);
    return () => {
      box.removeEventListener("scroll", later);
      resized?.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [list, count, row]);
  return range;
}
