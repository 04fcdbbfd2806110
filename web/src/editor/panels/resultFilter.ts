// Finding a result among hundreds in the Results panel: by the words a designer reads on its card (file name, node
// and port, kind, "from an earlier run"), and by kind (pictures, videos, 3D models...).

import { savedName, type MediaKind } from "../viewer/media";
import { EARLIER_TEXT, REMAKING_TEXT, type ViewerItem } from "../viewer/results";

/** The kinds a designer tells results apart by; an SVG is a picture like any other. */
export type ResultKind = "picture" | "video" | "sound" | "model" | "file";

/** Each kind in words, in the order the panel offers them: one (`No video matches`) and many (its button). */
export const RESULT_KINDS: readonly { kind: ResultKind; one: string; many: string }[] = [
  { kind: "picture", one: "picture", many: "Pictures" },
  { kind: "video", one: "video", many: "Videos" },
  { kind: "sound", one: "sound", many: "Sound" },
  { kind: "model", one: "3D model", many: "3D" },
  { kind: "file", one: "file", many: "Other files" },
];

/** The panel lists files only: a text or number result ("value") is read in the viewer, never here. */
const KIND_OF: Record<Exclude<MediaKind, "value">, ResultKind> = {
  image: "picture", svg: "picture", video: "video", audio: "sound", mesh: "model", file: "file",
};

export const resultKind = (item: ViewerItem): ResultKind => KIND_OF[item.kind as Exclude<MediaKind, "value">]
  ?? "file";

/** What the panel is asked to show: words to find (any case, any order), and one kind or all. */
export interface ResultFilter {
  query: string;
  kind: ResultKind | "all";
}

export const NO_FILTER: ResultFilter = { query: "", kind: "all" };

/** Lower case without accents, so "hero" finds "Héros". */
const folded = (words: string): string => words.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();

/** The words typed, each to be found. */
export const queryWords = (query: string): string[] => folded(query).split(/\s+/).filter(Boolean);

/** The name the card shows for a run's result, and an upload's own where its node keeps one. */
export const cardName = (item: ViewerItem): string =>
  item.uploaded ? item.fileName ?? item.title : savedName(item.downloadStem, item.output.mime);

/** Everything on an item's card that a designer may type to find it. */
function searchText(item: ViewerItem): string {
  const kind = RESULT_KINDS.find((each) => each.kind === resultKind(item));
  return folded([cardName(item), item.title, kind?.one, kind?.many, item.remaking && REMAKING_TEXT,
    item.earlier && EARLIER_TEXT].filter(Boolean).join("\n"));
}

/** The items the filter keeps, in their order: every word typed is in the item's words, and it is of the kind. */
export function filterResults(items: readonly ViewerItem[], filter: ResultFilter): readonly ViewerItem[] {
  const words = queryWords(filter.query);
  if (!words.length && filter.kind === "all") return items;
  return items.filter((item) => {
    if (filter.kind !== "all" && resultKind(item) !== filter.kind) return false;
    const text = searchText(item);
    return words.every((word) => text.includes(word));
  });
}

/** How many items there are of each kind present, in the order the panel offers kinds. */
export function kindCounts(items: readonly ViewerItem[]): { kind: ResultKind; count: number }[] {
  const counts = new Map<ResultKind, number>();
  for (const item of items) counts.set(resultKind(item), (counts.get(resultKind(item)) ?? 0) + 1);
  return RESULT_KINDS.map(({ kind }) => ({ kind, count: counts.get(kind) ?? 0 })).filter(({ count }) => count > 0);
}

/** What the panel says when nothing is left to show: which words found nothing, among which kind. */
export function nothingFoundText(filter: ResultFilter): string {
  const kind = RESULT_KINDS.find((each) => each.kind === filter.kind)?.one;
  const query = filter.query.trim();
  if (!query) return `No ${kind ?? "result"} among these results.`;
  return `No ${kind ?? "result"} matches “${query}”.`;
}
