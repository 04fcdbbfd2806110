// Product docs (/docs): how the studio works, then every node type, generated from the live registry.

import { useEffect, useMemo, useState } from "react";
import { fetchNodeSpecs } from "../api/nodes";
import type { NodeSpec } from "../api/types";
import { categoryLabel, groupByCategory } from "../editor/graph/search";
import { SHORTCUTS } from "../editor/shortcuts";
import { NodeDoc } from "./NodeDoc";

const GUIDE = [
  { title: "Projects", text: "Every project is a workflow kept on the server. Create one from the dashboard, or start from a template. The editor is live: each edit is kept as you make it and shows at once in your other tabs and to everyone with the project open, so there is nothing to save; the link's state shows beside the title. The Versions panel keeps earlier states of the graph, to compare or restore." },
  { title: "Building a graph", text: "Drag nodes from the palette, or double-click the canvas to search. Connect an output handle to an input of the same colour: handles are typed, and a connection that does not fit is refused with the reason." },
  { title: "Running", text: "Run executes the whole graph; right-click a node and choose Run this node to run it and the nodes it needs. Results appear inside each node and in the Results panel. Unchanged nodes come from the cache and show Cached." },
  { title: "The AI dock", text: "Describe a workflow at the bottom of the editor (for example “upload an image, blur it, invert and save”) and the plan is previewed on the canvas as ghost nodes; nothing is added until you press Apply (Enter), which adds it as one step you can undo. Discard (Escape) leaves the graph as it was." },
];

export default function DocsPage() {
  const [specs, setSpecs] = useState<NodeSpec[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { fetchNodeSpecs().then(setSpecs, (e: Error) => setError(e.message)); }, []);
  const groups = useMemo(() => groupByCategory(specs ?? []), [specs]);

  return (
    <div className="mx-auto flex max-w-6xl gap-10 px-6 py-10" data-testid="docs">
      <nav aria-label="Docs contents" className="sticky top-20 hidden h-fit w-52 shrink-0 text-sm md:block">
        <a href="#guide" className="block py-1 font-medium">Guide</a>
        {groups.map(([category, items]) => (
          <div key={category} className="mt-3">
            <p className="py-1 text-xs font-semibold uppercase tracking-wider text-zinc-400">{categoryLabel(category)}</p>
            {items.map((s) => <a key={s.type} href={`#${s.type}`}
              className="block py-0.5 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
              {s.title}</a>)}
          </div>
        ))}
      </nav>
      <div className="min-w-0 flex-1">
        <h1 className="text-3xl font-semibold tracking-tight">Documentation</h1>
        <section id="guide" className="mt-8 grid gap-6 sm:grid-cols-2">
          {GUIDE.map((g) => (
            <div key={g.title}>
              <h2 className="font-semibold">{g.title}</h2>
              <p className="mt-1 text-sm leading-relaxed text-zinc-600 dark:text-zinc-300">{g.text}</p>
            </div>
          ))}
        </section>
        <section className="mt-10">
          <h2 className="mb-3 font-semibold">Keyboard shortcuts</h2>
          <ul className="grid gap-x-8 gap-y-1 text-sm sm:grid-cols-2">
            {SHORTCUTS.map((s) => (
              <li key={s.label} className="flex justify-between gap-4 border-b border-zinc-100 py-1
                dark:border-zinc-800">
                <span className="text-zinc-600 dark:text-zinc-300">{s.label}</span>
                <span>{s.keys.map((k) => <span key={k} className="kbd ml-1">{k.replace("Mod", "Ctrl")}</span>)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="mt-12">
          <h2 className="text-2xl font-semibold tracking-tight">Nodes</h2>
          {error && <p role="alert" className="mt-3 text-sm text-red-600">The node list could not load: {error}</p>}
          {!specs && !error && <p className="mt-3 text-sm text-zinc-500" role="status">Loading nodes…</p>}
          {groups.map(([category, items]) => (
            <div key={category} className="mt-8">
              <h3 className="text-sm font-semibold uppercase tracking-wider text-zinc-400">{categoryLabel(category)}</h3>
              {items.map((spec) => <NodeDoc key={spec.type} spec={spec} />)}
            </div>
          ))}
        </section>
      </div>
    </div>
  );
}
