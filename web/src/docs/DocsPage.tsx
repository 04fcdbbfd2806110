// Product docs (/docs): the user guide (GET /api/v1/help/guide: the support agent answers from the same text), the
// keyboard shortcuts, then every node type, generated from the live registry. Their contents list sits beside them;
// on a narrow screen (a phone), where there is no room beside, it opens from a Contents button over the page.

import { useEffect, useMemo, useRef, useState } from "react";
import { fetchNodeSpecs } from "../api/nodes";
import { fetchGuide, type GuideSection } from "../api/support";
import type { NodeSpec } from "../api/types";
import { categoryLabel, groupByCategory } from "../editor/graph/search";
import { SHORTCUTS } from "../editor/shortcuts";
import { useDismiss } from "../app/useDismiss";
import { NodeDoc } from "./NodeDoc";

type Groups = [string, NodeSpec[]][];

/** The links to the guide and to each node type, by category; `onPick`: a link was followed. */
function ContentsLinks({ groups, onPick }: { groups: Groups; onPick?: () => void }) {
  return (
    <>
      <a href="#guide" onClick={onPick} className="block py-1 font-medium">Guide</a>
      {groups.map(([category, items]) => (
        <div key={category} className="mt-3">
          <p className="py-1 text-xs font-semibold uppercase tracking-wider text-zinc-400">{categoryLabel(category)}</p>
          {items.map((s) => <a key={s.type} href={`#${s.type}`} onClick={onPick}
            className="block py-0.5 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            {s.title}</a>)}
        </div>
      ))}
    </>
  );
}

/** The contents on a narrow screen: a button kept in a corner wherever the page is scrolled, opening the list over
 * the page; following a link, a press outside it or Escape closes it. */
function PhoneContents({ groups }: { groups: Groups }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(open, root, () => setOpen(false));
  return (
    <div ref={root} className="md:hidden">
      <button type="button" className="btn fixed bottom-4 right-4 z-30 shadow-lg" data-testid="docs-contents-toggle"
        aria-expanded={open} aria-controls="docs-contents-phone" onClick={() => setOpen(!open)}>
        {open ? "Close contents" : "Contents"}
      </button>
      {open && (
        <nav id="docs-contents-phone" aria-label="Docs contents"
          className="panel fixed inset-x-4 bottom-16 z-30 max-h-[70vh] overflow-y-auto px-4 py-3 text-sm">
          <ContentsLinks groups={groups} onPick={() => setOpen(false)} />
        </nav>
      )}
    </div>
  );
}

export default function DocsPage() {
  const [specs, setSpecs] = useState<NodeSpec[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [guide, setGuide] = useState<GuideSection[] | null>(null);
  const [guideError, setGuideError] = useState<string | null>(null);
  useEffect(() => { fetchNodeSpecs().then(setSpecs, (e: Error) => setError(e.message)); }, []);
  useEffect(() => { fetchGuide().then(setGuide, (e: Error) => setGuideError(e.message)); }, []);
  useEffect(() => {  // a link to a section (the Help page's sources) lands on it once it is there
    if (guide && window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [guide, specs]);
  const groups = useMemo(() => groupByCategory(specs ?? []), [specs]);

  return (
    <div className="mx-auto flex max-w-6xl gap-10 px-6 pb-20 pt-10 md:pb-10" data-testid="docs">
      <nav aria-label="Docs contents" className="sticky top-20 hidden h-fit w-52 shrink-0 text-sm md:block">
        <ContentsLinks groups={groups} />
      </nav>
      <div className="min-w-0 flex-1">
        <h1 className="text-3xl font-semibold tracking-tight">Documentation</h1>
        <section id="guide" className="mt-8 grid gap-6 sm:grid-cols-2">
          {guideError && <p role="alert" className="text-sm text-red-600">The guide could not load: {guideError}</p>}
          {!guide && !guideError && <p className="text-sm text-zinc-500" role="status">Loading the guide…</p>}
          {guide?.map((section) => (
            <div key={section.id} id={section.id} data-testid="guide-section" className="scroll-mt-20">
              <h2 className="font-semibold">{section.title}</h2>
              {section.text.split("\n\n").map((paragraph, index) => (
                <p key={index} className="mt-1 text-sm leading-relaxed text-zinc-600 dark:text-zinc-300">
                  {paragraph}</p>))}
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
        <PhoneContents groups={groups} />
      </div>
    </div>
  );
}
