// Every way to start a run (the Run button, Ctrl+Enter, a node's "Run from here") passes here: a run starts only when
// what it would run is what the user sees. A field holding text that is not valid leaves its node running on the
// value it had before, unseen, so Run refuses until the text is fixed or put back, and says where and how.

import { nodeNames } from "./graph/nodeNames";
import { upstreamOf } from "./graph/search";
import { heldDraftText } from "./notRunnable";
import { runGraph } from "./runner";
import { useEditor, type EditorState } from "./store/editorStore";
import { heldDrafts } from "./store/fieldDraftSlice";

/** The fields holding text that is not valid on the nodes a run (of all, or of `fromNode` and what it needs) would
 * run: their input ids and the words that say why it can't start (heldDraftText); null when there are none. */
function refusal(state: EditorState, fromNode?: string): { inputIds: string[]; text: string } | null {
  const among = fromNode ? new Set(upstreamOf(fromNode, state.edges)) : undefined;
  const held = heldDrafts(state, among);
  if (held.length === 0) return null;
  const names = nodeNames(state.nodes, state.specsByType);
  // a field typed into on the node and in its settings alike is named once
  const fields = new Map(held.map(([, draft]) => [`${draft.nodeId}\n${draft.label}`, draft]));
  const text = heldDraftText([...fields.values()], (nodeId) => names.get(nodeId) ?? nodeId);
  return { inputIds: held.map(([inputId]) => inputId), text };
}

/** Why Run starts nothing now, in words (a selector: the Run button shows it); null when it may run. */
export const runRefusal = (state: EditorState): string | null => refusal(state)?.text ?? null;

/** Run the graph (or `fromNode` and the nodes it needs), unless a field on what would run holds text that is not
 * valid: then a notice says which, on which node, and what to do, and offers to go to the first such field. */
export function requestRun(fromNode?: string): void {
  const state = useEditor.getState();
  const refused = refusal(state, fromNode);
  if (!refused) {
    void runGraph(fromNode);
    return;
  }
  const [inputId] = refused.inputIds;
  const nodeId = state.fieldDrafts[inputId].nodeId;
  state.notify(refused.text, "error", {
    over: (now) => refusal(now, fromNode) === null,  // the text fixed, put back, or gone with its node
    action: {
      label: "Go to it",
      run: () => {
        useEditor.getState().requestFitView([nodeId]);
        requestAnimationFrame(() => document.getElementById(inputId)?.focus({ preventScroll: true }));
      },
    },
  });
}
