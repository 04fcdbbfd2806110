// Why a node's parameter fields take no input now, in words (their form's description and tooltip): the cases in
// which the store refuses an edit (`editable`), so that a field never looks editable while what is set in it is lost.

import { closedWords, useCollabInfo } from "../collab/presence";
import { continued, ended } from "../dropFiles";
import { editable, useEditor, VIEW_ONLY_TEXT, type EditorState } from "../store/editorStore";
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

/** Why a change the user starts now (a file dropped, a node added) is not made, as the end of a sentence; null when
 * it is. `again`: what to do once the project has opened ("drop it again"); `change`: what a copy would let them do
 * on a view-only project ("add files to it"). */
export function refusalNow(again: string, change: string): string | null {
  const locked = lockedWords(useEditor.getState(), useCollabInfo.getState().closedReason);
  if (locked === OPENING_TEXT) return `the project is still opening; ${again} in a moment`;
  if (locked === VIEW_ONLY_TEXT) return `this project is view only; make your own copy to ${change}`;
  return locked;
}

/** When a change the user starts now is not made (refusalNow), tells them so in a notice: `notMade` (“beach.jpg” was
 * not added), then why. Returns whether it was refused. */
export function refusedNow(notMade: string, again: string, change: string): boolean {
  const why = refusalNow(again, change);
  if (why !== null) useEditor.getState().notify(ended(`${notMade}: ${continued(why)}`), "info");
  return why !== null;
}

/** refusedNow for a node of `type` the user adds (from the palette, the quick-add menu, dragged to the canvas). */
export function nodeRefusedNow(type: string, again: string): boolean {
  const title = useEditor.getState().specsByType.get(type)?.title;
  return refusedNow(`${title ? `The ${title} node` : "The node"} was not added`, again, "change it");
}
