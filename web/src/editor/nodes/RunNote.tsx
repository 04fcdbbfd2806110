// What a node's last run says of it: its own problem (it failed, or can't run) in red, or why it was not run when
// that was only because of a node it needs (skipped, or waiting for a node that can't run) in muted words, since
// the problem to fix is on that other node, named as the canvas names it. A problem a field of the node shows beside
// itself is not said again. An upload node opened from a workflow file that named its file by path says which file
// to drop in it, before a run too (namedFiles.ts). A model that failed for want of a provider key says, once a key
// is set, that this was its last run and to run it again, in muted words: the problem is past (runNoteWords).

import { useNodeId } from "@xyflow/react";
import { withoutProblems } from "../fields/fieldProblems";
import { useEditor } from "../store/editorStore";
import { showsProblem, waitsOnOthers } from "../store/runProblems";
import type { NodeRunState } from "../types";
import { keySetSince, keySetText, namedFileWords, waitingWords } from "./runNoteWords";

/** `text` starting with a capital letter, as a sentence of the editor's (the server's why-not-run may not: "not run
 * because Crop failed"); a problem's own words are kept as they are (they may begin with the name a user gave). */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const TONES = {
  error: "bg-red-50 text-red-700 dark:bg-red-950/50 dark:text-red-300",
  muted: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800/70 dark:text-zinc-400",
  todo: "bg-amber-50 text-amber-800 dark:bg-amber-950/40 dark:text-amber-200",
};

/** The note of node `nodeId` (by default the node it is drawn in); nothing when the run says nothing of the node but
 * the problems in `shownBeside` (what its fields show beside themselves: fieldProblems) and it names no file to
 * add; `className` sizes and places the box. */
export function RunNote({ run, className, shownBeside = [], testId = "node-error", nodeId }: {
  run: NodeRunState | undefined; className: string; shownBeside?: readonly string[]; testId?: string;
  nodeId?: string }) {
  const inNode = useNodeId();
  const id = nodeId ?? inNode;
  const waiting = useEditor((s) => (id ? waitingWords(s, id) : null));
  const fileToAdd = useEditor((s) => (id ? namedFileWords(s, id) : null));
  const keySet = useEditor((s) => (id ? keySetSince(s, id) : null));
  if (fileToAdd) {
    // whatever a run said of it (no picture to pass on), the file to drop is what to do: red once a run was refused
    const tone = showsProblem(run) ? "error" : "todo";
    return <p data-testid={testId} data-tone={tone} role={tone === "error" ? "alert" : "note"}
      className={`${className} ${TONES[tone]}`}>{fileToAdd}</p>;
  }
  if (keySet && showsProblem(run)) {
    return <p data-testid={testId} data-tone="muted" data-past="true" className={`${className} ${TONES.muted}`}>
      {keySetText(keySet)}</p>;
  }
  const error = run?.error ? withoutProblems(run.error, shownBeside) : "";
  if (!run || !error) return null;
  const tone = waitsOnOthers(run) ? "muted" : showsProblem(run) ? "error" : null;
  if (!tone) return null;
  return (
    // its own problem is announced; another node's is announced there
    <p data-testid={testId} data-tone={tone} role={tone === "error" ? "alert" : undefined}
      className={`${className} ${TONES[tone]}`}>
      {tone === "muted" ? waiting ?? sentence(error) : error}
    </p>
  );
}
