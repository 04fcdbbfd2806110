// Every result of the current session's runs, each under its file's name (an upload's own, else the name its
// download gets) with its size in pixels or its length: a click, or Enter on its card, opens one full size; each file
// has a download link. A field above the list finds results by their words, and where the results hold several kinds
// (pictures, videos, 3D...) one kind can be shown alone; where they hold both saved files (a Save node's) and others,
// "Saved files" shows the saved ones alone: a large run's 55 saved files among its 221 results. Only the cards in
// view are drawn, so a 301-node project's panel opens and scrolls as a short one does.

import { useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject }
  from "react";
import { useEditor } from "../store/editorStore";
import { collectResults, type ViewerItem } from "../viewer/results";
import { GalleryFilters, type ResultsShown } from "./GalleryFilters";
import { CARD_HEIGHT, CARD_STEP, ResultCard } from "./ResultCard";
import { filterResults, kindCounts, NO_FILTER, nothingFoundText, type ResultFilter } from "./resultFilter";
import { savedFileKeys } from "./savedFiles";
import { SidePanel } from "./SidePanel";
import { scrollingBox, useVisibleRows } from "./visibleRows";

export type { ResultsShown } from "./GalleryFilters";

/** The panel, when open: closed, it follows no results (a large run changes them with every event). */
export function GalleryPanel() {
  const open = useEditor((s) => s.galleryOpen);
  return open ? <OpenGallery /> : null;
}

function OpenGallery() {
  const nodeRuns = useEditor((s) => s.nodeRuns);
  const nodes = useEditor((s) => s.nodes);
  const specsByType = useEditor((s) => s.specsByType);
  const project = useEditor((s) => s.workflow?.title ?? "");

  // the viewer's items, so a file is named alike in both; only files (a text result is read in the viewer)
  const results = useMemo(() => collectResults(nodes, nodeRuns, specsByType, project)
    .filter((item) => item.kind !== "value"), [nodes, nodeRuns, specsByType, project]);
  const saved = useMemo(() => savedFileKeys(results, nodes, specsByType), [results, nodes, specsByType]);
  const [which, setWhich] = useState<ResultsShown>("all");
  // a choice only while there are both kinds (the saved files alone, or none, are all the results)
  const choosing = saved.size > 0 && saved.size < results.length;
  const chosen = useMemo(() => (choosing && which === "saved" ? results.filter((item) => saved.has(item.key))
    : results), [choosing, which, results, saved]);

  const [asked, setAsked] = useState<ResultFilter>(NO_FILTER);
  const kinds = useMemo(() => kindCounts(chosen), [chosen]);
  // a kind the results shown no longer hold (the saved files have no video) shows them all
  const kind = kinds.some((each) => each.kind === asked.kind) ? asked.kind : "all";
  const { query } = asked;
  const filter = useMemo(() => ({ query, kind }), [query, kind]);
  const items = useMemo(() => filterResults(chosen, filter), [chosen, filter]);
  const list = useRef<ResultListHandle | null>(null);

  const header = results.length > 0 && (
    <GalleryFilters filter={filter} onFilter={setAsked} which={which} onWhich={setWhich}
      saved={choosing ? saved.size : null} all={results.length} kinds={kinds} shown={items.length}
      total={chosen.length} onToList={() => list.current?.focusCurrent()} />
  );
  return (
    <SidePanel title="Results" label="Result gallery" testId="gallery" header={header}
      onClose={() => useEditor.getState().toggleGallery(false)}>
      {results.length === 0 && <p className="text-sm text-zinc-500">Run the graph to see its results here.</p>}
      {results.length > 0 && items.length === 0 && (
        <div className="flex flex-col items-start gap-2 text-sm text-zinc-500" data-testid="gallery-none-found">
          <p>{nothingFoundText(filter)}</p>
          <button type="button" className="btn" onClick={() => setAsked(NO_FILTER)}>Show all results</button>
        </div>
      )}
      <ResultList handle={list} items={items} startOver={`${which}\n${kind}\n${query}`} />
    </SidePanel>
  );
}

interface ResultListHandle {
  /** Puts the keyboard on the list's current card. */
  focusCurrent(): void;
}

/** How many cards a key moves the keyboard by (`page`: the cards a view holds); undefined for other keys. */
function stepOf(key: string, page: number): number | undefined {
  const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page,
    Home: -Infinity, End: Infinity };
  return steps[key];
}

const range = (first: number, end: number): number[] => Array.from({ length: end - first }, (_, at) => first + at);

/** The cards in view (and the current one, wherever it is, so the keyboard never loses it), each at its place in a
 * list as tall as all of them. The list is one stop of the keyboard: arrows, Page Up/Down, Home and End move between
 * cards, Enter opens one. `startOver` changes when the list is asked for other results: it shows them from the top. */
function ResultList({ items, handle, startOver }: { items: readonly ViewerItem[];
  handle: RefObject<ResultListHandle | null>; startOver: string }) {
  const list = useRef<HTMLUListElement>(null);
  const { first, end } = useVisibleRows(list, items.length, CARD_STEP);
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  const found = currentKey === null ? -1 : items.findIndex((item) => item.key === currentKey);
  const current = Math.max(found, 0);
  const focusWanted = useRef(false);

  useLayoutEffect(() => {
    if (list.current) scrollingBox(list.current).scrollTop = 0;
  }, [startOver]);
  const cardAt = (index: number) => list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
  const bring = (card: HTMLElement | null | undefined) => {
    card?.focus({ preventScroll: true });
    card?.scrollIntoView?.({ block: "nearest" });  // jsdom has none
  };
  useImperativeHandle(handle, () => ({ focusCurrent: () => bring(cardAt(current)) }));
  useLayoutEffect(() => {  // a key moved the keyboard to a card: it is drawn now
    if (!focusWanted.current) return;
    focusWanted.current = false;
    bring(cardAt(current));
  });

  const onKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!(event.target instanceof HTMLElement) || event.target.dataset.index === undefined) return;  // a card's own
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const item = items[current];
    if ((event.key === "Enter" || event.key === " ") && item) {
      event.preventDefault();
      useEditor.getState().openViewer(item.key);
      return;
    }
    const step = stepOf(event.key, Math.max(1, Math.floor(scrollingBox(event.currentTarget).clientHeight / CARD_STEP)));
    if (step === undefined || !items.length) return;
    event.preventDefault();
    const next = Math.min(items.length - 1, Math.max(0, current + step));
    focusWanted.current = true;
    setCurrentKey(items[next].key);
  };

  // the rows measured for a longer list than this one are cut to it until measured again
  const last = Math.min(end, items.length);
  const drawn = [...new Set([...(current < first ? [current] : []), ...range(Math.min(first, last), last),
    ...(current >= last && current < items.length ? [current] : [])])];
  return (
    <ul ref={list} aria-label="Results" onKeyDown={onKey} className="relative"
      style={{ height: items.length ? (items.length - 1) * CARD_STEP + CARD_HEIGHT : 0 }}>
      {drawn.map((index) => (
        <ResultCard key={items[index].key} item={items[index]} index={index} count={items.length}
          current={index === current} onFocus={setCurrentKey} />))}
    </ul>
  );
}
