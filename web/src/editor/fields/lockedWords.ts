// Why a node's parameter fields take no input now, in words (their form's description and tooltip): the cases in
// which the store refuses an edit (`editable`), so that a field never looks editable while what is set in it is lost.

import { closedWords } from "../collab/presence";
import { editable, VIEW_ONLY_TEXT, type EditorState } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";

/** What the fields say while the project's live document opens (its first sync, a fraction of a second). */
export const OPENING_TEXT = "Opening the project… its settings can be changed in a moment";

/** Why the fields take no input now; null when they do (exactly when `editable(state)`). `closedReason`: why the live
 * link ended, once it has (useCollabInfo). */
export function lockedWords(state: Pick<EditorState, "workflow" | "collab">,
  closedReason: string | null): string | null {
  if (editable(state)) return null;  // the store's own rule: the fields lock exactly when it refuses an edit
  if (readOnly(state.workflow)) return VIEW_ONLY_TEXT;
  return state.collab === "closed" ? closedWords(closedReason) : OPENING_TEXT;
}
