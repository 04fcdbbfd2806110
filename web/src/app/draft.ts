// The editor's unsaved work when a sign-in ends under it (expired, signed out elsewhere): kept in this browser
// and saved to the account that signs in next. Into the same project when that account can read it and nobody
// saved it since; otherwise as a new project. Only the account it was made in takes it (another account signing
// in on this browser leaves it alone). Nothing is kept in local mode, where nobody is ever signed out.

import { type WorkflowDocument } from "../api/types";
import { TITLE_MAX_LENGTH, UNTITLED, createWorkflow, getWorkflow, saveWorkflow } from "../api/workflows";

const STORAGE_KEY = "karate-draft";

export interface Draft {
  /** The account it was made in. */
  userId: string;
  /** The project it was loaded from, and the version it was loaded at. */
  workflowId: string | null;
  version: number | null;
  title: string;
  document: WorkflowDocument;
  savedAt: string;
}

export function keepDraft(draft: Omit<Draft, "savedAt">): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
  } catch {
    // storage full or refused (private browsing): nothing more can be kept
  }
}

export function readDraft(): Draft | null {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    const draft = text ? JSON.parse(text) as Partial<Draft> : null;
    return draft?.document && Array.isArray(draft.document.nodes) && typeof draft.userId === "string"
      ? draft as Draft : null;
  } catch {
    return null;
  }
}

export function forgetDraft(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

export const editorPath = (id: string) => `/editor?id=${encodeURIComponent(id)}`;

/** Save the kept draft to `userId`, the account now signed in, when it was made there; answers the page to go
 * to instead of `next` (the project it went into, when that is a new one), or `next` when there was none. A
 * draft that cannot be saved now stays for the next sign-in. */
export async function importDraft(next: string, userId: string): Promise<string> {
  const draft = readDraft();
  if (!draft || draft.userId !== userId) return next;
  try {
    if (await saveIntoItsProject(draft)) {
      forgetDraft();
      return next;
    }
    const title = `${(draft.title.trim() || UNTITLED).slice(0, TITLE_MAX_LENGTH - 12)} (recovered)`;
    const created = await createWorkflow(title, draft.document);
    forgetDraft();
    return editorPath(created.id);
  } catch {
    return next;
  }
}

/** True when the draft went into the project it came from: readable by this account, unchanged since. */
async function saveIntoItsProject(draft: Draft): Promise<boolean> {
  if (!draft.workflowId || draft.version === null) return false;
  try {
    const current = await getWorkflow(draft.workflowId);
    if (current.version !== draft.version) return false;
    await saveWorkflow(current.id, { document: draft.document, version: current.version,
      ...(draft.title.trim() ? { title: draft.title } : {}) });
    return true;
  } catch {
    return false;
  }
}
