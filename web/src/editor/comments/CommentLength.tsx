// Near its limit a comment box stops taking text (maxLength): the box says how much it holds, and that a paste was
// cut to fit, rather than dropping the rest without a word.

import { COMMENT_MAX_LENGTH } from "./store";

/** Shown past 90 % of the limit: "4,812 / 5,000 characters"; at the limit, that it is the most a comment holds and,
 * after a paste that did not fit (`cut`), that the pasted text was cut. */
export function CommentLength({ length, cut }: { length: number; cut: boolean }) {
  if (length <= COMMENT_MAX_LENGTH * 0.9) return null;
  const full = length >= COMMENT_MAX_LENGTH;
  return (
    <span data-testid="comment-length" role={full && cut ? "status" : undefined}
      className={`text-xs ${full && cut ? "text-amber-700 dark:text-amber-400" : "text-zinc-500"}`}>
      {length.toLocaleString("en")} / {COMMENT_MAX_LENGTH.toLocaleString("en")} characters
      {full ? `: the most a comment holds${cut ? "; the pasted text was cut to fit" : ""}` : ""}
    </span>
  );
}
