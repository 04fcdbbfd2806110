// A box whose Enter sends what is written (a comment, a reply, a question for Help), Shift+Enter starting a new
// line, as chat boxes do; Enter while an input method composes a word (Japanese, Chinese) finishes the word.
import type { KeyboardEvent } from "react";

/** Whether this key press sends the box's text. */
export function enterSends(event: KeyboardEvent): boolean {
  return event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing;
}

/** What such a box says of its keys, on hover. */
export const ENTER_SENDS_KEYS = "Enter sends; Shift+Enter starts a new line";
