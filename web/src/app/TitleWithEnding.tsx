// A project's title in one line (its dashboard card, the editor's header): the base cut, the ending that tells it apart
// (titleEnding) kept whole.

import { titleEnding } from "./titleEnding";

/** A title in one line: the base cut with an ellipsis, the ending kept. A flex row, so the cut is the browser's own
 * (it measures; no width is guessed here). The link around it carries the whole title, as its name and its `title`
 * (on hover). */
export function TitleWithEnding({ title }: { title: string }) {
  const { base, ending } = titleEnding(title);
  return (
    <span data-testid="card-title" className="flex min-w-0">
      <span className="min-w-0 truncate">{base}</span>
      {ending && <span data-testid="card-title-ending" className="shrink-0 whitespace-pre">{ending}</span>}
    </span>
  );
}
