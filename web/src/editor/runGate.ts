// Every way to start a run (the Run button, Ctrl+Enter, a node's "Run from here") passes here: a run starts only when
// what it would run is what the user sees, and can work. A field holding text that is not valid leaves its node
// running on the value it had before, unseen; an upscaler whose scale its select marks too large for its picture
// would only fail on the server's pixel limit after a wait. Run refuses either until it is fixed, saying where and how.

import { upscalesTooLarge } from "./fields/scaleLimit";
import { nodeNames } from "./graph/nodeNames";
import { upstreamOf } from "./graph/search";
import { heldDraftText, NAMED_AT_MOST } from "./notRunnable";
import { runGraph } from "./runner";
import { useEditor, type EditorState } from "./store/editorStore";
import { heldDrafts } from "./store/fieldDraftSlice";

/** Why a run can't start: the words, the node to go to and the ids of its fields to focus there, the first one
 * present (`settings`: the one its settings show, opened when none is on the canvas). */
interface Refusal {
  text: string;
  nodeId: string;
  inputIds: string[];
  settings?: string;
}

/** One reason a run of the nodes `among` (all when absent) can't start; null when there is none. */
type Check = (state: EditorState, among?: ReadonlySet<string>) => Refusal | null;

/** The fields holding text that is not valid, and the words that say why the run can't start (heldDraftText). */
const heldText: Check = (state, among) => {
  const held = heldDrafts(state, among);
  if (held.length === 0) return null;
  const names = nodeNames(state.nodes, state.specsByType);
  // a field typed into on the node and in its settings alike is named once
  const fields = new Map(held.map(([, draft]) => [`${draft.nodeId}\n${draft.label}`, draft]));
  const text = heldDraftText([...fields.values()], (nodeId) => names.get(nodeId) ?? nodeId);
  return { text, nodeId: held[0][1].nodeId, inputIds: held.map(([inputId]) => inputId) };
};

/** The upscalers holding a scale too large for their picture (scaleLimit.ts), the first few named, and their Scale
 * selects. */
const upscaleTooLarge: Check = (state, among) => {
  let names: Map<string, string> | undefined;  // named only when one is too large: this runs on every change
  const nameOf = (nodeId: string) => (names ??= nodeNames(state.nodes, state.specsByType)).get(nodeId) ?? nodeId;
  const over = upscalesTooLarge(state, nameOf, among);
  if (over.length === 0) return null;
  const [first] = over;
  const more = over.length - NAMED_AT_MOST;
  const rest = more > 0 ? ` ${more} more ${more === 1 ? "node" : "nodes"} can't run for the same reason.` : "";
  return {
    text: over.slice(0, NAMED_AT_MOST).map((each) => each.text).join(" ") + rest,
    nodeId: first.nodeId,
    inputIds: [`node-${first.nodeId}-${first.param}`],
    settings: `settings-${first.nodeId}-${first.param}`,
  };
};

const CHECKS: readonly Check[] = [heldText, upscaleTooLarge];

/** The nodes a run of `fromNode` would run (it and what it needs); all (undefined) without one. */
const runOf = (state: EditorState, fromNode?: string) => (fromNode ? new Set(upstreamOf(fromNode, state.edges)) : undefined);

/** The first reason a run (of all, or of `fromNode` and what it needs) can't start, with the check that found it. */
function refusal(state: EditorState, fromNode?: string): { refused: Refusal; check: Check } | null {
  for (const check of CHECKS) {
    const refused = check(state, runOf(state, fromNode));
    if (refused) return { refused, check };
  }
  return null;
}

/** Why Run starts nothing now, in words (a selector: the Run button shows it); null when it may run. */
export const runRefusal = (state: EditorState): string | null => refusal(state)?.refused.text ?? null;

/** Bring the refusal's node into view and focus its field: on the canvas, else in its settings, opened for it. */
function goTo({ nodeId, inputIds, settings }: Refusal): void {
  useEditor.getState().requestFitView([nodeId]);
  const focus = (id: string) => document.getElementById(id)?.focus({ preventScroll: true });
  requestAnimationFrame(() => {
    const present = inputIds.find((id) => document.getElementById(id));
    if (present) focus(present);
    else if (settings) {
      useEditor.getState().openSettings(nodeId);
      requestAnimationFrame(() => focus(settings));
    }
  });
}

/** Run the graph (or `fromNode` and the nodes it needs), unless something on what would run stops it (a field's text
 * that is not valid, a scale too large): then a notice says which, on which node, and what to do, offers to go
 * there, and goes once that is fixed or gone with its node. */
export function requestRun(fromNode?: string): void {
  const state = useEditor.getState();
  const found = refusal(state, fromNode);
  if (!found) {
    void runGraph(fromNode);
    return;
  }
  const { refused, check } = found;
  state.notify(refused.text, "error", {
    over: (now) => check(now, runOf(now, fromNode)) === null,  // fixed, put back, or gone with its node
    action: { label: "Go to it", run: () => goTo(refused) },
  });
}
