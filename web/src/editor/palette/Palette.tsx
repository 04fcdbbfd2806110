// The node palette: every registry entry by section (models by kind), optionally only what can run with the
// configured providers; a search lists matches best first (what can run now first); drag or click to add
// (a click puts it right of the one node selected, wired from it when it fits, else in the middle of the view, beside
// what is already there: clickPlacement.ts; and pans it into view: panIntoView.ts). Each section stays open or closed as the
// person left it (openSections.ts). On a narrow screen (a phone) it would cover most of the canvas: there it starts
// closed, opens over the canvas from its own button, and closes with its ✕, Escape, or once a node is added or
// dragged out of it. Escape empties a search before anything else.

import { useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import type { NodeSpec } from "../../api/types";
import { NODE_DRAG_TYPE } from "../Canvas";
import { creditLabel, isReady, readyToRun } from "../graph/providers";
import { paletteSections, searchSpecs, type PaletteGroup, type PaletteSection } from "../graph/search";
import { useCanvasCentre, useVisibleCanvas } from "../hooks/useCanvasCentre";
import { useEditor } from "../store/editorStore";
import { nodeRefusedNow } from "../fields/lockedWords";
import { clickPlacement } from "./clickPlacement";
import { clearance, estimatedSize, insideArea, type Box } from "./freeSpot";
import { viewAfterAdding } from "./panIntoView";
import { paletteBesideCanvas, paletteOverCanvas, useNarrowScreen } from "./overCanvas";
import { PHONE_MIN_ZOOM } from "../phoneView";
import { useOpenSections } from "./openSections";

type AddNode = (type: string) => void;

/** The palette over a narrow screen's canvas is put away: a node was added, or is dragged to the canvas it covers
 * (beside a wide screen's canvas, `paletteOpen` changes nothing). */
const putAway = () => useEditor.getState().togglePalette(false);

function PaletteItem({ spec, onAdd, enterAdds = false }: { spec: NodeSpec; onAdd: AddNode; enterAdds?: boolean }) {
  const ready = useEditor((s) => !s.providers || isReady(spec, s.providers));
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, spec.type);
    event.dataTransfer.effectAllowed = "copy";
    setTimeout(putAway);  // once the drag has begun: hiding its source at once would end it
  };
  return (
    <li>
      <button type="button" draggable onDragStart={onDragStart} onClick={() => onAdd(spec.type)}
        data-testid="palette-item" data-node-type={spec.type} data-ready={ready} title={spec.description}
        className={`group w-full cursor-grab rounded-lg px-2.5 py-2 text-left transition-colors hover:bg-zinc-100
          focus-visible:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-accent active:cursor-grabbing
          dark:hover:bg-zinc-800/70 dark:focus-visible:bg-zinc-800/70 ${enterAdds ? "bg-zinc-100 dark:bg-zinc-800/70" : ""}`}>
        <span className="flex items-baseline justify-between gap-2">
          <span className={`text-[13px] font-medium ${ready ? "text-zinc-800 dark:text-zinc-100" : "text-zinc-400"}`}>
            {spec.title}
          </span>
          {enterAdds && <span className="kbd ml-auto shrink-0" data-testid="enter-adds">Enter</span>}
          {spec.credits !== undefined && (
            <span className="shrink-0 text-[10px] tabular-nums text-zinc-400">{creditLabel(spec.credits)}</span>
          )}
        </span>
        <span className="line-clamp-2 text-[11px] leading-snug text-zinc-500">
          {ready ? spec.description : "Needs a provider key"}
        </span>
      </button>
    </li>
  );
}

function Group({ group, titled, onAdd }: { group: PaletteGroup; titled: boolean; onAdd: AddNode }) {
  const items = <ul>{group.specs.map((spec) => <PaletteItem key={spec.type} spec={spec} onAdd={onAdd} />)}</ul>;
  if (!titled) return items;
  return (
    <section data-testid="palette-group" data-group={group.key}>
      <h4 className="flex justify-between px-2.5 pb-0.5 pt-1.5 text-[11px] font-medium text-zinc-500">
        {group.label}<span className="font-normal tabular-nums text-zinc-400">{group.specs.length}</span>
      </h4>
      {items}
    </section>
  );
}

interface SectionProps {
  section: PaletteSection;
  open: boolean;
  onToggle(open: boolean): void;
  onAdd: AddNode;
}

function Section({ section, open, onToggle, onAdd }: SectionProps) {
  const titled = section.family === "models" || section.groups.length > 1;
  return (
    <details open={open} onToggle={(event) => onToggle(event.currentTarget.open)} data-testid="palette-section"
      data-family={section.family} className="group/section mb-2">
      <summary className="flex cursor-pointer list-none items-center justify-between px-2.5 pb-1 pt-2 text-[11px]
        font-semibold uppercase tracking-wider text-zinc-400 hover:text-zinc-600 dark:hover:text-zinc-300">
        <h3>{section.label}</h3>
        <span className="font-normal tabular-nums">{section.count}</span>
      </summary>
      {section.groups.map((group) => <Group key={group.key} group={group} titled={titled} onAdd={onAdd} />)}
    </details>
  );
}

function ReadyFilter() {
  const readyOnly = useEditor((s) => s.readyOnly);
  const setReadyOnly = useEditor((s) => s.setReadyOnly);
  return (
    <label className="mt-2 flex cursor-pointer items-center gap-2 text-xs text-zinc-600 dark:text-zinc-300"
      title="Hide AI models whose providers have no key on this server">
      <input type="checkbox" data-testid="ready-filter" checked={readyOnly}
        onChange={(e) => setReadyOnly(e.target.checked)} className="accent-accent" />
      Ready to run
    </label>
  );
}

/** Pan the view, at the zoom it has, so that a node just added at `added` (its box as placed: it is not drawn yet)
 * lies in `visible`, with the node it was placed after when both fit (panIntoView): a chain clicked in grows past
 * the view's edge, and the view follows it without zooming. On a phone the two are kept in sight together when they
 * fit at a readable zoom, zooming out as far as that takes (viewAfterAdding). */
function usePanTo(): (visible: Box, added: Box, after?: Box) => void {
  const { getViewport, setViewport } = useReactFlow();
  const phone = useNarrowScreen();
  return useCallback((visible: Box, added: Box, after?: Box) => {
    const view = getViewport();
    const next = viewAfterAdding(view, visible, added, after, phone ? PHONE_MIN_ZOOM : view.zoom);
    if (next.x === view.x && next.y === view.y && next.zoom === view.zoom) return;
    // linear: d3's smooth interpolation zooms out and back in on the way, which reads as a re-zoom
    void setViewport(next, { duration: 250, interpolate: "linear" });
  }, [getViewport, setViewport, phone]);
}

export function Palette() {
  const specs = useEditor((s) => s.specs);
  const providers = useEditor((s) => s.providers);
  const readyOnly = useEditor((s) => s.readyOnly);
  const centre = useCanvasCentre();
  const visible = useVisibleCanvas();
  const panTo = usePanTo();
  const [query, setQuery] = useState("");
  const [isOpen, setOpen] = useOpenSections();
  const searching = query.trim() !== "";
  const found = useMemo(() => {
    const shown = readyOnly ? readyToRun(specs, providers) : specs;
    return searchSpecs(shown, query, providers ? (spec) => isReady(spec, providers) : undefined);
  }, [specs, providers, readyOnly, query]);
  const sections = useMemo(() => (searching ? [] : paletteSections(found)), [found, searching]);
  const onAdd = (type: string) => {
    const store = useEditor.getState();
    if (nodeRefusedNow(type, "add it again")) return;
    const sizeOf = (nodeType: string) => estimatedSize(store.specsByType.get(nodeType));
    const area = visible();
    const { at, from, after } = clickPlacement(store.nodes, store.specsByType, type, centre(), sizeOf,
      area ?? undefined, store.edges);
    // connected and selected as one undo step: the next click goes after it
    const added = from ? store.addConnectedNode(type, at, from) : store.addNode(type, at);
    // out of view: the view pans to it (and the node it follows, when both fit), keeping its zoom
    const afterBox = after ? clearance(store.nodes, type, sizeOf).boxes.get(after) : undefined;
    if (added && area && !insideArea(at, sizeOf(type), area)) panTo(area, { ...at, ...sizeOf(type) }, afterBox);
    putAway();
  };
  const { open, opener, closer, close } = useOpening();
  const search = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLUListElement>(null);
  const [inSearch, setInSearch] = useState(false);
  // From the search, Enter adds the best match (marked), as a click would; ArrowDown goes down into the matches
  // (ArrowUp and ArrowDown move through them; ArrowUp from the first comes back to the search).
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!searching || !found.length || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Enter") {
      event.preventDefault();
      onAdd(found[0].type);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      results.current?.querySelector<HTMLElement>("[data-testid=palette-item]")?.focus();
    }
  };
  const onResultsKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>("[data-testid=palette-item]")];
    const at = items.indexOf(event.target as HTMLElement);
    if (at < 0) return;
    event.preventDefault();
    const to = at + (event.key === "ArrowDown" ? 1 : -1);
    if (to < 0) search.current?.focus();
    else items[Math.min(to, items.length - 1)].focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Escape empties the search first (as the Results panel's does), and only then closes the palette over a
    // phone's canvas; beside the canvas it goes on to the editor (useShortcuts: what is on top closes)
    if (event.key !== "Escape" || event.defaultPrevented) return;
    if (query) {
      setQuery("");
      search.current?.focus();  // from a match, which goes with the words: back to the search
    } else if (paletteOverCanvas(open)) close();
    else return;
    event.preventDefault();
  };

  return (
    <>
      <button ref={opener} type="button" onClick={() => useEditor.getState().togglePalette(true)}
        data-testid="open-palette" aria-expanded={open} aria-controls="node-palette" title="Add a node"
        className="btn absolute left-3 top-3 z-20 shadow-md md:hidden">
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M6 1v10M1 6h10"
          stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
        Nodes
      </button>
      <aside id="node-palette" aria-label="Node palette" data-testid="palette" onKeyDown={onKeyDown}
        className={`${open ? "flex" : "hidden"} absolute inset-y-0 left-0 z-40 w-64 max-w-[85vw] shrink-0 flex-col
          border-r border-zinc-200 bg-white shadow-xl md:static md:z-auto md:flex md:max-w-none md:shadow-none
          dark:border-zinc-800 dark:bg-zinc-900`}>
        <div className="p-3">
          <div className="flex items-center gap-2">
            <input ref={search} type="search" value={query} onChange={(e) => setQuery(e.target.value)}
              placeholder="Search nodes" aria-label="Search nodes" onKeyDown={onSearchKey}
              onFocus={() => setInSearch(true)} onBlur={() => setInSearch(false)}
              aria-keyshortcuts={searching && found.length ? "Enter ArrowDown" : undefined}
              className="field-input min-w-0 flex-1 py-1.5 text-sm" />
            <button ref={closer} type="button" onClick={close} data-testid="close-palette"
              aria-label="Close the node palette" title="Close (Esc)"
              className="shrink-0 rounded p-1.5 text-zinc-400 hover:text-zinc-700 md:hidden dark:hover:text-zinc-200">
              <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" stroke="currentColor" strokeWidth="1.6">
                <path d="M2 2l8 8M10 2l-8 8" /></svg>
            </button>
          </div>
          <ReadyFilter />
        </div>
        <div className="flex-1 overflow-y-auto px-2 pb-4">
          {searching ? (
            <ul ref={results} data-testid="palette-results" aria-label="Matching nodes, best first"
              onKeyDown={onResultsKey}>
              {found.map((spec, at) => (
                <PaletteItem key={spec.type} spec={spec} onAdd={onAdd} enterAdds={inSearch && at === 0} />))}
            </ul>
          ) : sections.map((section) => (
            <Section key={section.family} section={section} onAdd={onAdd} open={isOpen(section.family)}
              onToggle={(expanded) => setOpen(section.family, expanded)} />
          ))}
          {(searching ? found.length === 0 : sections.length === 0) && (
            <p className="px-3 text-sm text-zinc-500">
              {searching ? `No node matches “${query}”.` : "No node is ready to run."}
            </p>
          )}
        </div>
      </aside>
    </>
  );
}

/** The palette's opening over a narrow screen's canvas: opened from its button, focus goes to its ✕ (not the search,
 * whose keyboard would cover a phone's screen); closed with the ✕ or Escape, focus goes back to the button. */
function useOpening() {
  const open = useEditor((s) => s.paletteOpen);
  const opener = useRef<HTMLButtonElement>(null);
  const closer = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open === wasOpen.current) return;
    wasOpen.current = open;
    if (paletteBesideCanvas()) return;  // beside the canvas: nothing opened or closed
    const inside = closer.current?.closest("aside")?.contains(document.activeElement);
    if (open) closer.current?.focus();
    else if (inside || document.activeElement === document.body) opener.current?.focus();
  }, [open]);
  return { open, opener, closer, close: () => useEditor.getState().togglePalette(false) };
}
