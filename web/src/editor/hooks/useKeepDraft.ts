// When a sign-in ends under the editor (expired, signed out elsewhere) while it has work the server does not hold
// (edits made offline, a title not saved), that work is kept in this browser and saved to the account after the
// next sign-in (app/draft.ts). Signing out on purpose saves the title first.

import { useEffect } from "react";
import { keepDraft } from "../../app/draft";
import { beforeSignOut, onSessionEnding, useSession } from "../../app/session";
import { useEditor } from "../store/editorStore";
import { UNSAVED_STATES, currentDocument, hasUnsavedWork, saveNow } from "./useAutosave";

export function useKeepDraft(): void {
  useEffect(() => onSessionEnding(() => {
    const state = useEditor.getState();
    const session = useSession.getState().state;
    if (!state.workflow || !hasUnsavedWork() || session.status !== "signed-in") return;
    const { id, version, title } = state.workflow;
    keepDraft({ userId: session.me.id, workflowId: id, version, title, document: currentDocument() });
  }), []);
  useEffect(() => beforeSignOut(() => UNSAVED_STATES.has(useEditor.getState().saveState) ? saveNow()
    : Promise.resolve()), []);
}
