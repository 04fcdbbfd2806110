// Searching and grouping registry entries for the palette and the quick-add menu.

import type { NodeSpec } from "../../api/types";
import type { ProviderIndex } from "./providers";

const CATEGORY_ORDER = ["inputs", "models", "tools", "outputs"];

const capitalise = (word: string) => (word === "3d" ? "3D" : word.charAt(0).toUpperCase() + word.slice(1));

/** "tools" → "Tools"; "models/3d" → "Models · 3D". */
export function categoryLabel(category: string): string {
  return category.split("/").map(capitalise).join(" · ");
}

/** The top-level family of a category ("models/image" → "models"), for colours and ordering. */
export const categoryFamily = (category: string): string => category.split("/")[0];

/** Short forms designers type, and what they stand for in node titles and descriptions. */
export const ABBREVIATIONS: Readonly<Record<string, string[]>> = {
  img: ["image"], pic: ["image", "picture"], bg: ["background"], rembg: ["remove background"],
  sd: ["stable diffusion"], txt: ["text", "prompt"], vid: ["video"], snd: ["audio", "sound"],
  sfx: ["audio", "sound"], "3d": ["mesh"], svg: ["vector"], vec: ["vector"], llm: ["text", "gpt", "claude"],
  sr: ["upscale"], seg: ["mask", "segment"], col: ["colour", "color"], t2i: ["text-to-image"],
  i2v: ["image to video", "image-to-video", "animate"], t2v: ["text-to-video"], lip: ["lipsync", "lip-sync"],
};

/** The letters that start each word of a title: "Stable Diffusion 3.5" → "sd3". */
const initials = (title: string) => title.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)
  .map((word) => word[0]).join("");

/** What a typed word may stand for: itself and, for a known short form, the words it abbreviates. */
const meanings = (term: string): string[] => [term, ...(ABBREVIATIONS[term] ?? [])];

/** How soon a node can run, for ordering (lower first): 0 a tool, input or output (it runs here), 1 a model
 * with a configured hosted provider (its key is set), 2 a model that runs only on a local fallback (such as
 * Vectorizer without a Recraft key), 3 a model none of whose providers is set up. */
export function readinessRank(spec: NodeSpec, providers: ProviderIndex): number {
  const routes = spec.routes ?? [];
  if (categoryFamily(spec.category) !== "models" || routes.length === 0) return 0;
  const ready = routes.map((route) => providers.get(route.provider)).filter((p) => p?.configured === true);
  if (ready.some((p) => p?.local !== true)) return 1;
  return ready.length ? 2 : 3;
}

/** Entries that match every word of the query (in the title, type, category or description, or as a short
 * form: "img" → image, "bg" → background, "sd" → Stable Diffusion, or a title's initials). Entries named by
 * the query come before those that only mention it; among each, what can run now (tools, and models whose
 * provider has a key, per `isReady`: true/false, or a `readinessRank`, lower first) before what cannot, then
 * the closest titles first. An empty query lists everything, what can run now first. */
export function searchSpecs(specs: NodeSpec[], query: string,
  isReady?: (spec: NodeSpec) => boolean | number): NodeSpec[] {
  const phrase = query.trim().toLowerCase();
  const terms = phrase.split(/\s+/).filter(Boolean);
  const waits = (spec: NodeSpec) => {
    const ready = isReady ? isReady(spec) : true;
    return typeof ready === "number" ? ready : ready ? 0 : 1;
  };
  if (terms.length === 0) {
    return isReady ? specs.map((spec, index) => ({ spec, index, waits: waits(spec) }))
      .sort((a, b) => a.waits - b.waits || a.index - b.index).map((entry) => entry.spec) : specs;
  }
  const found = (text: string, term: string) => meanings(term).some((meaning) => text.includes(meaning));
  const byInitials = (title: string, term: string) => term.length >= 2 && initials(title).includes(term);
  const haystack = (s: NodeSpec) =>
    `${s.title} ${s.type} ${s.category} ${s.model_category ?? ""} ${s.description}`.toLowerCase();
  const rank = (s: NodeSpec) => {
    const title = s.title.toLowerCase();
    if (title === phrase) return 0;
    if (title.startsWith(phrase)) return 1;
    if (terms.every((t) => found(title, t))) return 2;
    return terms.every((t) => found(title, t) || byInitials(title, t)) ? 3 : 4;
  };
  return specs
    .filter((s) => terms.every((t) => found(haystack(s), t) || byInitials(s.title, t)))
    .map((spec, index) => ({ spec, index, rank: rank(spec), waits: waits(spec) }))
    .sort((a, b) => Number(a.rank > 3) - Number(b.rank > 3) || a.waits - b.waits || a.rank - b.rank
      || a.index - b.index)
    .map((entry) => entry.spec);
}

export function groupByCategory(specs: NodeSpec[]): Array<[string, NodeSpec[]]> {
  const groups = new Map<string, NodeSpec[]>();
  for (const spec of specs) groups.set(spec.category, [...(groups.get(spec.category) ?? []), spec]);
  const rank = (c: string) => {
    const i = CATEGORY_ORDER.indexOf(categoryFamily(c));
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Model kinds in the order a designer reaches for them; kinds not listed follow alphabetically. */
const MODEL_ORDER = ["image", "edit", "video", "upscale", "audio", "lipsync", "3d", "vector", "text"];

export interface PaletteGroup {
  key: string;
  label: string;
  specs: NodeSpec[];
}

/** A top-level palette section (Inputs, Models, Tools, Outputs); models split into one group per kind. */
export interface PaletteSection {
  family: string;
  label: string;
  groups: PaletteGroup[];
  count: number;
}

/** A model's kind: its `model_category`, else the part of its category after "models/". */
export const modelKind = (spec: NodeSpec): string =>
  spec.model_category ?? spec.category.split("/")[1] ?? "other";

function modelGroups(specs: NodeSpec[]): PaletteGroup[] {
  const byKind = new Map<string, NodeSpec[]>();
  for (const spec of specs) byKind.set(modelKind(spec), [...(byKind.get(modelKind(spec)) ?? []), spec]);
  const rank = (kind: string) => {
    const i = MODEL_ORDER.indexOf(kind);
    return i < 0 ? MODEL_ORDER.length : i;
  };
  return [...byKind.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, items]) => ({ key: `models/${kind}`, label: categoryLabel(kind), specs: items }));
}

/** Sections in palette order; model sections group by model kind, others by their (sub-)category. */
export function paletteSections(specs: NodeSpec[]): PaletteSection[] {
  const families = new Map<string, Array<[string, NodeSpec[]]>>();
  for (const [category, items] of groupByCategory(specs)) {
    const family = categoryFamily(category);
    families.set(family, [...(families.get(family) ?? []), [category, items]]);
  }
  return [...families.entries()].map(([family, categories]) => {
    const all = categories.flatMap(([, items]) => items);
    const groups = family === "models" ? modelGroups(all)
      : categories.map(([category, items]) => ({ key: category, label: categoryLabel(category), specs: items }));
    return { family, label: categoryLabel(family), groups, count: all.length };
  });
}

type Link = { source: string; target: string };

function walk(start: string, edges: Link[], next: (edge: Link, current: string) => string | null): string[] {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const current = queue.shift()!;
    for (const edge of edges) {
      const found = next(edge, current);
      if (found !== null && !seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return [...seen];
}

/** Ids of `start` and every node downstream of it. */
export const downstreamOf = (start: string, edges: Link[]): string[] =>
  walk(start, edges, (e, current) => (e.source === current ? e.target : null));

/** Ids of `start` and every node it needs (its ancestors). */
export const upstreamOf = (start: string, edges: Link[]): string[] =>
  walk(start, edges, (e, current) => (e.target === current ? e.source : null));
