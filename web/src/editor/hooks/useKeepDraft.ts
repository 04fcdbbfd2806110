// When a sign-in ends under the editor (expired, signed out elsewhere) while it has work the server does not hold
// (edits made offline, a title not saved), that work is kept in this browser and saved to the account after the
// next sign-in (app/draft.ts), along with the graph as the studio held it when this page last knew (all it wrote
// confirmed stored): what changed there since but this page's own edits is someone else's, and then the work goes to
// a new project. That new project's editor says so, with a way to the project it came from. Signing out on purpose
// saves the title first.

import { useEffect } from "react";
import { useNavigate } from "react-router-dom";
import { editorPath, keepDraft, takeRecovered, type Recovered } from "../../app/draft";
import { beforeSignOut, onSessionEnding, useSession } from "../../app/session";
import { hasUnsyncedEdits } from "../collab/session";
import { useCollabInfo } from "../collab/presence";
import { toDocument } from "../graph/document";
import { useEditor } from "../store/editorStore";
import type { EditorEdge, EditorNode } from "../types";
import { UNSAVED_STATES, currentDocument, hasUnsavedWork, saveNow } from "./useAutosave";

/** The graph as the studio held it when this page last knew, for the project `workflowId`. */
let known: { workflowId: string; nodes: EditorNode[]; edges: EditorEdge[] } | null = null;

/** When the studio last confirmed it stored this page's edits of the project open now; null before it first did. */
let storedAt: Date | null = null;
let waitingForStore = false;

/** When the studio last confirmed it stored this page's edits (the time a user is told their edits are kept up to). */
export const editsStoredAt = (): Date | null => storedAt;

/** Remember the graph on screen as the studio's, when everything this page wrote is confirmed stored (looked at
 * after the change that called it is written to the live document, which marks it unconfirmed). */
function rememberKnown(): void {
  queueMicrotask(() => {
    const state = useEditor.getState();
    if (hasUnsyncedEdits()) waitingForStore = true;
    if (!state.workflow || hasUnsyncedEdits()) return;
    if (waitingForStore) storedAt = new Date();
    waitingForStore = false;
    if (known?.nodes === state.nodes && known.edges === state.edges) return;
    known = { workflowId: state.workflow.id, nodes: state.nodes, edges: state.edges };
  });
}

/** Where the edits kept went and why, with what to do. */
export function recoveredWords(recovered: Recovered): string {
  const from = recovered.from ? `"${recovered.from.title}"` : "your project";
  return recovered.why === "changed"
    ? `Your edits made while you were signed out are saved here, in a new project: ${from} was changed elsewhere `
      + "meanwhile (in another window or by someone else) and keeps those changes. Copy what you need across, or go "
      + "on here."
    : `Your edits made while you were signed out are saved here, in a new project: your account can no longer `
      + `change ${from}.`;
}

export function useKeepDraft(): void {
  useEffect(() => {
    rememberKnown();
    const stops = [useEditor.subscribe(rememberKnown), useCollabInfo.subscribe(rememberKnown)];
    return () => {
      for (const stop of stops) stop();
      known = null;
      storedAt = null;
      waitingForStore = false;
    };
  }, []);
  useEffect(() => onSessionEnding(() => {
    const state = useEditor.getState();
    const session = useSession.getState().state;
    if (!state.workflow || !hasUnsavedWork() || session.status !== "signed-in") return;
    const { id, version, title } = state.workflow;
    const base = known?.workflowId === id ? toDocument(known.nodes, known.edges) : null;
    keepDraft({ userId: session.me.id, workflowId: id, version, title, document: currentDocument(), base });
  }), []);
  useEffect(() => beforeSignOut(() => UNSAVED_STATES.has(useEditor.getState().saveState) ? saveNow()
    : Promise.resolve()), []);
}

/** Kept edits that went into the project open now, a new one, are said, once it shows. */
export function useRecoveredNotice(): void {
  const navigate = useNavigate();
  const workflowId = useEditor((s) => s.workflow?.id ?? null);
  useEffect(() => {
    const recovered = workflowId ? takeRecovered(workflowId) : null;
    if (!recovered) return;
    const from = recovered.from;
    useEditor.getState().notify(recoveredWords(recovered), "info", { sticky: true,
      ...(from ? { action: { label: `Open "${from.title}"`, run: () => void navigate(editorPath(from.id)) } } : {}) });
  }, [workflowId, navigate]);
}
