// The notices of runs with problems, each problem with the name of its node, the first few, then how many more:
// nodes the server left out of a run (a problem on them, or on a node they need), a run refused as a whole, a run
// that ended with nodes failed, and a run not started while fields hold text that is not valid. A node left out
// only because a node it needs can't run is no problem to fix: it is said to wait, not counted; on the canvas, such a
// node names the node it waits on as the canvas does (waitingText).

import { listInWords } from "../words";
import type { NotRunnableNode } from "../api/runs";
import type { Problem } from "../api/types";
import type { FieldDraft } from "./store/fieldDraftSlice";
import { UPSTREAM_INVALID } from "./store/runProblems";

/** How many nodes (or problems) a notice names before it says "and N more". */
export const NAMED_AT_MOST = 3;

/** The first problem of `node` that is its own (not "needs a node that can't run"), else its first; null if none. */
function ownProblem(node: NotRunnableNode): string | null {
  const problem = node.problems.find((p) => p.code !== UPSTREAM_INVALID) ?? node.problems[0];
  return problem?.message ?? null;
}

/** Whether `message` names the node `title`: the title whole, not inside a longer word ("Image" in "Images"), nor
 * as the start of a longer name ("Blur" in "Blur Radius must be..." or "Image" in "Image Upload"). */
function namesNode(message: string, title: string): boolean {
  if (!title.trim()) return false;
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // not within a word, and not followed by another capitalised word (the rest of a longer name)
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}]| \\p{Lu})`, "u").test(message);
}

/** "Blur: Width must be at least 1", or the message alone when it names its node already
 * ("Connect an image to Blur's Image input"): the node is named once, never left out. */
const onNode = (title: string, message: string) => (namesNode(message, title) ? message : `${title}: ${message}`);

/** The problems, then `tail` ("; and 2 more", "; Save Image waits for it"), ending in a full stop: joined by
 * semicolons as one sentence ("…with Blur; Save Image waits for it."), each problem's own full stop dropped; or,
 * when a problem is more than one sentence ("This studio has no “tool.blurr” node (…). Delete it, or replace it with
 * Blur."), each problem and the tail as sentences of their own, from a capital. */
function joined(problems: readonly string[], tail: string): string {
  const unstopped = problems.map((text) => text.replace(/\.\s*$/, ""));
  if (!unstopped.some((text) => /[.!?]\s/.test(text))) {
    const sentence = `${unstopped.join("; ")}${tail}`;
    return /[?!]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  const sentences = tail ? [...unstopped, tail.replace(/^;\s*/, "")] : unstopped;
  return sentences.map((text) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`)
    .map((text) => (/[.!?]$/.test(text) ? text : `${text}.`)).join(" ");
}

const andMore = (more: number) => (more > 0 ? `; and ${more} more` : "");

const hasOwnProblem = (node: NotRunnableNode) => node.problems.some((p) => p.code !== UPSTREAM_INVALID);

/** "; Save Image waits for it", "; Invert and Save Image wait for them", "; 3 other nodes wait for it": the
 * nodes that only need the ones with problems, briefly ("" for none); `problems`: how many those are. */
function waiting(titles: readonly string[], problems: number): string {
  const it = problems === 1 ? "it" : "them";
  if (titles.length === 0) return "";
  if (titles.length === 1) return `; ${titles[0]} waits for ${it}`;
  if (titles.length === 2) return `; ${titles[0]} and ${titles[1]} wait for ${it}`;
  return `; ${titles.length} other nodes wait for ${it}`;
}

/**
 * "2 nodes can't run yet: Connect an image to Blur's Image input; Crop: Width must be at least 1; Save Image waits
 * for them": the nodes with problems of their own (the ones to fix) are counted and named, the first few, each by
 * `titleOf(node)` unless its message names it already; nodes that only need one of them are said to wait, not
 * counted. `nodes` is not empty.
 */
export function notRunnableText(nodes: readonly NotRunnableNode[], titleOf: (node: NotRunnableNode) => string): string {
  const own = nodes.filter(hasOwnProblem);
  const toFix = own.length ? own : nodes;
  const named = toFix.slice(0, NAMED_AT_MOST).map((node) => {
    const title = titleOf(node);
    const problem = ownProblem(node);
    return problem ? onNode(title, problem) : `${title} has a problem`;
  });
  const count = toFix.length === 1 ? "1 node can't" : `${toFix.length} nodes can't`;
  const waits = own.length ? nodes.filter((node) => !hasOwnProblem(node)).map(titleOf) : [];
  return `${count} run yet: ${joined(named, andMore(toFix.length - named.length) + waiting(waits, toFix.length))}`;
}

/**
 * "Can't run yet: Connect an image to Blur's Image input; Crop: Width must be at least 1; Upload an image
 * into Image Upload first; and 2 more": the notice of a run the server refused as a whole (422: nothing could run),
 * its first NAMED_AT_MOST problems, each named by `titleOf(node_id)` unless its message names it already; a problem
 * of no node (a document from a newer studio) in its own words. `problems` is not empty.
 */
export function refusedRunText(problems: readonly Problem[], titleOf: (nodeId: string) => string): string {
  const named = problems.slice(0, NAMED_AT_MOST)
    .map((problem) => (problem.node_id ? onNode(titleOf(problem.node_id), problem.message) : problem.message));
  return `Can't run yet: ${joined(named, andMore(problems.length - named.length))}`;
}

/**
 * "Blur failed: open it to see why.", "Blur, Crop, Invert and 2 more failed: open them to see why. Resize can't
 * run yet: open it to see what to fix.": the notice of a run that ended with the nodes titled `failed` failed (each
 * shows why on the canvas and in its settings), and `cantRun` (nodes it left out with problems of their own) not
 * run. `failed` is not empty.
 */
export function failedRunText(failed: readonly string[], cantRun: readonly string[] = []): string {
  const them = (titles: readonly string[]) => (titles.length === 1 ? "it" : "them");
  const left = cantRun.length ? ` ${listInWords(cantRun, NAMED_AT_MOST)} can't run yet: open ${them(cantRun)} to see what to fix.` : "";
  return `${listInWords(failed, NAMED_AT_MOST)} failed: open ${them(failed)} to see why.${left}`;
}

/** "put back 10", or "leave it empty" where the node holds no value: what Escape in the field does. */
const escapeDoes = (keeps: string) => (keeps === "" ? "leave it empty" : `put back ${keeps}`);

/**
 * "Can't run yet: Crop: Crop X must be a whole number from 0 to 65535: fix it or press Escape to put back 10": why
 * Run starts nothing while fields hold text that is not valid (the node keeps its old value meanwhile, which a run
 * would use unseen), the first NAMED_AT_MOST of them, each on the node `titleOf(nodeId)` names. `drafts` is not
 * empty.
 */
export function heldDraftText(drafts: readonly FieldDraft[], titleOf: (nodeId: string) => string): string {
  const named = drafts.slice(0, NAMED_AT_MOST).map((draft) => {
    const problem = draft.problem.includes(draft.label) ? draft.problem : `${draft.label}: ${draft.problem}`;
    // always named: a field's words never name its node, though they may share a word with it ("Crop X" on Crop)
    return `${titleOf(draft.nodeId)}: ${problem}: fix it or press Escape to ${escapeDoes(draft.keeps)}`;
  });
  return `Can't run yet: ${joined(named, andMore(drafts.length - named.length))}`;
}

/**
 * What a node that can't run only because of a node it needs says of it, naming that node `name` as the canvas does
 * ("Blur (2)"): for a node of a type this studio does not know (`unknownType`, its type id), what to do of it, "Waits
 * for Blurr: replace or remove Blurr, whose type “tool.blurr” is unknown." (the type said once when the node goes by
 * it); else "Needs Blur (2), which can't run yet: " and `problem`, that node's own (none: the sentence ends there).
 * The server's words for it ("needs Blurr (tool.blurr), which can't run yet: unknown node type 'tool.blurr' ...;
 * `karate nodes` lists ...") are the command line's.
 */
export function waitingText(name: string, unknownType: string | null, problem = ""): string {
  if (unknownType !== null) {
    const type = name === unknownType ? "" : ` “${unknownType}”`;
    return `Waits for ${name}: replace or remove ${name}, whose type${type} is unknown.`;
  }
  return problem.trim() ? `Needs ${name}, which can't run yet: ${problem}` : `Needs ${name}, which can't run yet.`;
}
