// The quick-add menu: opened by double- or right-click on the canvas, or by dropping a connection dragged from
// a handle onto empty canvas (then it offers only nodes with a port that fits, and connects the one picked).
// Type, then Enter to add. It offers what the palette offers: under "Ready to run", only nodes whose providers
// have a key; local tools and models with a key come first. It always stays inside the window.

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { NodeSpec } from "../../api/types";
import { fittingPort, originPort } from "../graph/edit";
import { readyToRun } from "../graph/providers";
import { readinessRank, searchSpecs } from "../graph/search";
import { useKeepInWindow } from "../menus/useKeepInWindow";
import { useEditor } from "../store/editorStore";
import { nodeRefusedNow } from "../fields/lockedWords";

const MAX_RESULTS = 8;
/** A new node is placed so that its fitting handle lands near the drop point. */
const NODE_WIDTH = 256;
const HANDLE_OFFSET_Y = 48;

export function QuickAdd() {
  const at = useEditor((s) => s.quickAdd);
  const specs = useEditor((s) => s.specs);
  const providers = useEditor((s) => s.providers);
  const readyOnly = useEditor((s) => s.readyOnly);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const panel = useKeepInWindow<HTMLDivElement>(at);
  const from = at?.from;
  const port = useMemo(() => {
    if (!from) return null;
    const { nodes, specsByType } = useEditor.getState();
    return originPort(from, nodes, specsByType);
  }, [from]);
  const results = useMemo(() => {
    let offered: NodeSpec[] = readyOnly ? readyToRun(specs, providers) : specs;
    if (from && port) offered = offered.filter((spec) => fittingPort(port, from.handleType === "source", spec));
    // local tools, then models whose provider has a key, then those on a local fallback, then the rest
    return searchSpecs(offered, query, providers ? (spec) => readinessRank(spec, providers) : undefined)
      .slice(0, MAX_RESULTS);
  }, [specs, providers, readyOnly, query, from, port]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opened again elsewhere, the menu starts a new search
    setQuery("");
    setActive(0);
    input.current?.focus();
  }, [at]);

  if (!at) return null;
  const close = () => useEditor.getState().openQuickAdd(null);
  const add = (type: string) => {
    const store = useEditor.getState();
    if (nodeRefusedNow(type, "add it again")) {
      close();
      return;
    }
    if (from) {
      const x = from.handleType === "source" ? at.flow.x : at.flow.x - NODE_WIDTH;
      store.addConnectedNode(type, { x, y: at.flow.y - HANDLE_OFFSET_Y }, from);
    } else {
      store.addNode(type, at.flow);
    }
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
  const wanted = port && from ? `${from.handleType === "source" ? "take" : "give"} ${port.type}${
    port.list ? " lists" : ""}` : null;

  return (
    <div ref={panel} role="dialog" aria-label="Add a node" data-testid="quick-add"
      data-filter={port ? `${from?.handleType}:${port.type}` : undefined}
      className="panel animate-fade-in fixed z-50 w-72 p-1.5">
      <input ref={input} value={query} placeholder={wanted ? `Add a node that can ${wanted}…` : "Add a node…"}
        aria-label="Node name" onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKeyDown}
        className="field-input mb-1 py-1.5 text-sm" />
      {wanted && <p className="px-2.5 pb-1 text-[11px] text-zinc-500">Nodes that {wanted}, connected when added</p>}
      <ul role="listbox" aria-label="Matching nodes">
        {results.map((spec, index) => (
          <li key={spec.type} role="option" aria-selected={index === active} data-node-type={spec.type}>
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
