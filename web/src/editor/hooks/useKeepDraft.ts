// When a sign-in ends under the editor (expired, signed out elsewhere) while it has unsaved work, that work is
// kept in this browser and saved to the account after the next sign-in (app/draft.ts). Signing out on purpose
// saves it first.

import { useEffect } from "react";
import { keepDraft } from "../../app/draft";
import { beforeSignOut, onSessionEnding, useSession } from "../../app/session";
import { useEditor } from "../store/editorStore";
import { UNSAVED_STATES, currentDocument, saveNow } from "./useAutosave";

export function useKeepDraft(): void {
  useEffect(() => onSessionEnding(() => {
    const state = useEditor.getState();
    const session = useSession.getState().state;
    if (!state.workflow || !UNSAVED_STATES.has(state.saveState) || session.status !== "signed-in") return;
    const { id, version, title } = state.workflow;
    keepDraft({ userId: session.me.id, workflowId: id, version, title, document: currentDocument() });
  }), []);
  useEffect(() => beforeSignOut(() => UNSAVED_STATES.has(useEditor.getState().saveState) ? saveNow()
    : Promise.resolve()), []);
}
