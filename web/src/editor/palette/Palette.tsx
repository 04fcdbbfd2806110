// The node palette: every registry entry by section (models by kind), optionally only what can run with the
// configured providers; a search lists matches best first (what can run now first); drag or click to add
// (a click puts it in the middle of the view, beside what is already there, and brings it into view). Each section
// stays open or closed as the person left it (openSections.ts).

import { useMemo, useState, type DragEvent } from "react";
import type { NodeSpec } from "../../api/types";
import { NODE_DRAG_TYPE } from "../Canvas";
import { creditLabel, isReady, readyToRun } from "../graph/providers";
import { paletteSections, searchSpecs, type PaletteGroup, type PaletteSection } from "../graph/search";
import { useCanvasCentre, useFitGraph, useVisibleCanvas } from "../hooks/useCanvasCentre";
import { useEditor } from "../store/editorStore";
import { estimatedSize, freeSpot, insideArea } from "./freeSpot";
import { useOpenSections } from "./openSections";

type AddNode = (type: string) => void;

function PaletteItem({ spec, onAdd }: { spec: NodeSpec; onAdd: AddNode }) {
  const ready = useEditor((s) => !s.providers || isReady(spec, s.providers));
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, spec.type);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <li>
      <button type="button" draggable onDragStart={onDragStart} onClick={() => onAdd(spec.type)}
        data-testid="palette-item" data-node-type={spec.type} data-ready={ready} title={spec.description}
        className="group w-full cursor-grab rounded-lg px-2.5 py-2 text-left transition-colors hover:bg-zinc-100
          active:cursor-grabbing dark:hover:bg-zinc-800/70">
        <span className="flex items-baseline justify-between gap-2">
          <span className={`text-[13px] font-medium ${ready ? "text-zinc-800 dark:text-zinc-100" : "text-zinc-400"}`}>
            {spec.title}
          </span>
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

export function Palette() {
  const specs = useEditor((s) => s.specs);
  const providers = useEditor((s) => s.providers);
  const readyOnly = useEditor((s) => s.readyOnly);
  const addNode = useEditor((s) => s.addNode);
  const centre = useCanvasCentre();
  const visible = useVisibleCanvas();
  const fitGraph = useFitGraph();
  const [query, setQuery] = useState("");
  const [isOpen, setOpen] = useOpenSections();
  const searching = query.trim() !== "";
  const found = useMemo(() => {
    const shown = readyOnly ? readyToRun(specs, providers) : specs;
    return searchSpecs(shown, query, providers ? (spec) => isReady(spec, providers) : undefined);
  }, [specs, providers, readyOnly, query]);
  const sections = useMemo(() => (searching ? [] : paletteSections(found)), [found, searching]);
  const onAdd = (type: string) => {
    const { nodes, specsByType } = useEditor.getState();
    const sizeOf = (nodeType: string) => estimatedSize(specsByType.get(nodeType));
    const area = visible();
    const at = freeSpot(nodes, centre(), type, sizeOf, area ?? undefined);
    addNode(type, at);
    // no free spot in view: the view zooms out to show every node, the new one included (once it is drawn)
    if (area && !insideArea(at, sizeOf(type), area)) {
      requestAnimationFrame(() => fitGraph());
    }
  };

  return (
    <aside aria-label="Node palette" data-testid="palette"
      className="flex w-64 shrink-0 flex-col border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="p-3">
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search nodes"
          aria-label="Search nodes" className="field-input py-1.5 text-sm" />
        <ReadyFilter />
      </div>
      <div className="flex-1 overflow-y-auto px-2 pb-4">
        {searching ? (
          <ul data-testid="palette-results" aria-label="Matching nodes, best first">
            {found.map((spec) => <PaletteItem key={spec.type} spec={spec} onAdd={onAdd} />)}
          </ul>
        ) : sections.map((section) => (
          <Section key={section.family} section={section} onAdd={onAdd} open={isOpen(section.family)}
            onToggle={(open) => setOpen(section.family, open)} />
        ))}
        {(searching ? found.length === 0 : sections.length === 0) && (
          <p className="px-3 text-sm text-zinc-500">
            {searching ? `No node matches “${query}”.` : "No node is ready to run."}
          </p>
        )}
      </div>
    </aside>
  );
}
