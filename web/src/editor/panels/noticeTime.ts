// How long a notice stays on screen when nothing holds it (NoticeToast): long enough to read it.

import type { Notice } from "../store/uiSlice";

const BASE_MS = 4500;
const ERROR_BASE_MS = 8000;
const PER_WORD_MS = 60;

/** How long `notice` stays on screen (ms) when nothing holds it: a base, more for a problem, plus time per word. */
export function visibleMs(notice: Pick<Notice, "message" | "tone">): number {
  const words = notice.message.split(/\s+/).filter(Boolean).length;
  return (notice.tone === "error" ? ERROR_BASE_MS : BASE_MS) + PER_WORD_MS * words;
}
