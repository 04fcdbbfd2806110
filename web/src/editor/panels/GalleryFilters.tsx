// What stays above the Results panel's list: a field to find a result by its words, the choice of the saved files
// alone, the choice of one kind (where the results hold several), and how many results the list shows.

import type { KeyboardEvent } from "react";
import { RESULT_KINDS, type ResultFilter, type ResultKind } from "./resultFilter";

/** Which results the panel lists: all of them, or the saved files alone. */
export type ResultsShown = "all" | "saved";

/** A row of buttons of which one is pressed: "All results" / "Saved files", or the kinds. */
function Choice<T extends string>({ label, testId, value, options, onChange }: {
  label: string; testId: string; value: T; options: readonly { value: T; words: string }[]; onChange(next: T): void;
}) {
  return (
    <div role="group" aria-label={label} data-testid={testId}
      className="inline-flex flex-wrap gap-0.5 rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {options.map((option) => (
        <button key={option.value} type="button" aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
          className={`rounded px-2 py-0.5 text-xs ${value === option.value ? "bg-white font-medium shadow-sm dark:bg-zinc-700"
            : "text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"}`}>{option.words}</button>
      ))}
    </div>
  );
}

const countWords = (count: number) => (count === 1 ? "1 result" : `${count} results`);

/** The header: `shown` among `all` results is what the list holds now; `saved` is null where there is no choice
 * of the saved files alone, `kinds` has a kind's count for each kind present. ArrowDown in the field goes on to the
 * list (`onToList`). */
export function GalleryFilters({ filter, onFilter, which, onWhich, saved, all, kinds, shown, total, onToList }: {
  filter: ResultFilter; onFilter(next: ResultFilter): void;
  which: ResultsShown; onWhich(next: ResultsShown): void; saved: number | null; all: number;
  kinds: readonly { kind: ResultKind; count: number }[]; shown: number; total: number; onToList(): void;
}) {
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape" && filter.query) {  // the words go first; Escape again closes the panel
      event.preventDefault();
      onFilter({ ...filter, query: "" });
    } else if (event.key === "ArrowDown" && shown > 0) {
      event.preventDefault();
      onToList();
    }
  };
  const kindWords = (kind: ResultKind) => RESULT_KINDS.find((each) => each.kind === kind)?.many ?? kind;
  return (
    <div className="flex flex-col items-start gap-2">
      <input type="search" value={filter.query} onChange={(event) => onFilter({ ...filter, query: event.target.value })}
        onKeyDown={onKey} aria-label="Find a result" placeholder="Find by file, node or kind"
        data-testid="gallery-search" className="field-input py-1.5 text-sm" />
      {saved !== null && (
        <Choice label="Results shown" testId="gallery-shown" value={which} onChange={onWhich} options={[
          { value: "all", words: `All results (${all})` }, { value: "saved", words: `Saved files (${saved})` }]} />
      )}
      {kinds.length > 1 && (
        <Choice<ResultKind | "all"> label="Kind of result" testId="gallery-kinds" value={filter.kind}
          onChange={(kind) => onFilter({ ...filter, kind })} options={[
            { value: "all", words: "All kinds" },
            ...kinds.map(({ kind, count }) => ({ value: kind, words: `${kindWords(kind)} (${count})` }))]} />
      )}
      <p role="status" className="text-[11px] text-zinc-500" data-testid="gallery-count">
        {shown === total ? countWords(total) : `${shown} of ${countWords(total)}`}</p>
    </div>
  );
}
