// The quick-add menu: opened by double- or right-click on the canvas; type, then Enter to add.
// It offers what the palette offers: under "Ready to run", only nodes whose providers have a key.

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { readyToRun } from "../graph/providers";
import { searchSpecs } from "../graph/search";
import { useEditor } from "../store/editorStore";

const MAX_RESULTS = 8;

export function QuickAdd() {
  const at = useEditor((s) => s.quickAdd);
  const specs = useEditor((s) => s.specs);
  const providers = useEditor((s) => s.providers);
  const readyOnly = useEditor((s) => s.readyOnly);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const results = useMemo(() => {
    const offered = readyOnly ? readyToRun(specs, providers) : specs;
    return searchSpecs(offered, query).slice(0, MAX_RESULTS);
  }, [specs, providers, readyOnly, query]);

  useEffect(() => {
    setQuery("");
    setActive(0);
    input.current?.focus();
  }, [at]);

  if (!at) return null;
  const close = () => useEditor.getState().openQuickAdd(null);
  const add = (type: string) => {
    useEditor.getState().addNode(type, at.flow);
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") close();
    else if (event.key === "ArrowDown") setActive((i) => Math.min(i + 1, results.length - 1));
    else if (event.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
    else if (event.key === "Enter" && results[active]) add(results[active].type);
    else return;
    event.preventDefault();
  };

  return (
    <div role="dialog" aria-label="Add a node" data-testid="quick-add"
      className="panel animate-fade-in fixed z-50 w-72 p-1.5" style={{ left: at.x, top: at.y }}>
      <input ref={input} value={query} placeholder="Add a node…" aria-label="Node name"
        onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKeyDown}
        className="field-input mb-1 py-1.5 text-sm" />
      <ul role="listbox" aria-label="Matching nodes">
        {results.map((spec, index) => (
          <li key={spec.type} role="option" aria-selected={index === active}>
            <button type="button" className={`menu-item ${index === active ? "bg-zinc-100 dark:bg-zinc-800" : ""}`}
              onMouseEnter={() => setActive(index)} onClick={() => add(spec.type)}>
              <span>{spec.title}</span>
              <span className="text-[11px] text-zinc-400">{spec.category}</span>
            </button>
          </li>
        ))}
        {results.length === 0 && (
          <li className="px-2.5 py-1.5 text-sm text-zinc-500">
            {readyOnly ? "No node ready to run matches (untick “Ready to run” to see them all)" : "No match"}
          </li>
        )}
      </ul>
    </div>
  );
}
