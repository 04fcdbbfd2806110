// The node palette: every registry entry by category, searchable; drag onto the canvas or click to add.

import { useMemo, useState, type DragEvent } from "react";
import type { NodeSpec } from "../../api/types";
import { NODE_DRAG_TYPE } from "../Canvas";
import { categoryFamily, categoryLabel, groupByCategory, searchSpecs } from "../graph/search";
import { useCanvasCentre } from "../hooks/useCanvasCentre";
import { useEditor } from "../store/editorStore";

function PaletteItem({ spec, onAdd }: { spec: NodeSpec; onAdd(type: string): void }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, spec.type);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <li>
      <button type="button" draggable onDragStart={onDragStart} onClick={() => onAdd(spec.type)}
        data-testid="palette-item" data-node-type={spec.type} title={spec.description}
        className="group w-full cursor-grab rounded-lg px-2.5 py-2 text-left transition-colors hover:bg-zinc-100
          active:cursor-grabbing dark:hover:bg-zinc-800/70">
        <span className="block text-[13px] font-medium text-zinc-800 dark:text-zinc-100">{spec.title}</span>
        <span className="line-clamp-2 text-[11px] leading-snug text-zinc-500">{spec.description}</span>
      </button>
    </li>
  );
}

export function Palette() {
  const specs = useEditor((s) => s.specs);
  const addNode = useEditor((s) => s.addNode);
  const centre = useCanvasCentre();
  const [query, setQuery] = useState("");
  const groups = useMemo(() => groupByCategory(searchSpecs(specs, query)), [specs, query]);
  const searching = query.trim() !== "";
  const onAdd = (type: string) => addNode(type, centre());

  return (
    <aside aria-label="Node palette" data-testid="palette"
      className="flex w-64 shrink-0 flex-col border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="p-3">
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search nodes"
          aria-label="Search nodes" className="field-input py-1.5 text-sm" />
      </div>
      <div className="flex-1 overflow-y-auto px-2 pb-4">
        {groups.map(([category, items]) => (
          <details key={`${category}:${searching}`} open={searching || categoryFamily(category) !== "models"}
            className="group/section mb-2">
            <summary className="flex cursor-pointer list-none items-center justify-between px-2.5 pb-1 pt-2 text-[11px]
              font-semibold uppercase tracking-wider text-zinc-400 hover:text-zinc-600 dark:hover:text-zinc-300">
              <h3>{categoryLabel(category)}</h3>
              <span className="font-normal tabular-nums">{items.length}</span>
            </summary>
            <ul>{items.map((spec) => <PaletteItem key={spec.type} spec={spec} onAdd={onAdd} />)}</ul>
          </details>
        ))}
        {groups.length === 0 && <p className="px-3 text-sm text-zinc-500">No node matches “{query}”.</p>}
      </div>
    </aside>
  );
}
