// What a node's last run says of it: its own problem (it failed, or can't run) in red, or why it was not run when
// that was only because of a node it needs (skipped, or waiting for a node that can't run) in muted words, since
// the problem to fix is on that other node. A problem a field of the node shows beside itself is not said again.

import { withoutProblems } from "../fields/fieldProblems";
import { showsProblem, waitsOnOthers } from "../store/runProblems";
import type { NodeRunState } from "../types";

/** `text` starting with a capital letter, as a sentence of the editor's (the server's why-not-run may not: "not run
 * because Crop failed"); a problem's own words are kept as they are (they may begin with the name a user gave). */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const TONES = {
  error: "bg-red-50 text-red-700 dark:bg-red-950/50 dark:text-red-300",
  muted: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800/70 dark:text-zinc-400",
};

/** Nothing when the run says nothing of the node but the problems in `shownBeside` (what its fields show beside
 * themselves: fieldProblems); `className` sizes and places the box. */
export function RunNote({ run, className, shownBeside = [], testId = "node-error" }: {
  run: NodeRunState | undefined; className: string; shownBeside?: readonly string[]; testId?: string }) {
  const error = run?.error ? withoutProblems(run.error, shownBeside) : "";
  if (!run || !error) return null;
  const tone = waitsOnOthers(run) ? "muted" : showsProblem(run) ? "error" : null;
  if (!tone) return null;
  return (
    // its own problem is announced; another node's is announced there
    <p data-testid={testId} data-tone={tone} role={tone === "error" ? "alert" : undefined}
      className={`${className} ${TONES[tone]}`}>
      {tone === "muted" ? sentence(error) : error}
    </p>
  );
}
