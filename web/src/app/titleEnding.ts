// A project's title as a card shows it: when it does not fit, the base is cut and the ending that tells a copy or a
// renumbered project from its original (" (copy)", " (2)", " (version 3)") stays whole, so "Poster" and
// "Poster (copy)" never read alike; the whole title shows on hover.

/** The endings the server gives a title to tell it apart (karate/services/titles.py, karate/collab/versions.py):
 * " (2)", " (copy)", " (copy 2)", " (version 3)". */
const ENDING = /^(.*\S)( \((?:\d+|copy(?: \d+)?|version \d+)\))$/s;

/** `title` split into the base that may be cut and the ending that tells it apart (empty when it has none). */
export function titleEnding(title: string): { base: string; ending: string } {
  const match = ENDING.exec(title);
  return match ? { base: match[1], ending: match[2] } : { base: title, ending: "" };
}
