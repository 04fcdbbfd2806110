// The editor's unsaved work when a sign-in ends under it (expired, signed out elsewhere): kept in this browser
// and saved to the account that signs in next. Into the same project when that account can read it and nobody else
// changed it since (what changed there since the page last knew it is this page's own edits, which reached the
// studio before the sign-in ended); otherwise as a new project, and the editor then says why and links to the
// project it came from. Only the account it was made in takes it (another account signing in on this browser
// leaves it alone). Nothing is kept in local mode, where nobody is ever signed out.

import { type WorkflowDocument } from "../api/types";
import { TITLE_MAX_LENGTH, UNTITLED, createWorkflow, getWorkflow, saveWorkflow } from "../api/workflows";
import { docEdgeId } from "../editor/graph/document";

const STORAGE_KEY = "karate-draft";

export interface Draft {
  /** The account it was made in. */
  userId: string;
  /** The project it was loaded from, and the version it was loaded at. */
  workflowId: string | null;
  version: number | null;
  title: string;
  document: WorkflowDocument;
  /** The project's graph as this page last knew the studio held it (its own confirmed edits and everyone else's
   * it had received); null when it never knew (a draft kept before this was recorded). */
  base: WorkflowDocument | null;
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
      ? { ...draft, base: isDocument(draft.base) ? draft.base : null } as Draft : null;
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

/** A draft that went into a new project instead of its own, told in the editor of the new one. */
export interface Recovered {
  /** The new project. */
  into: string;
  /** The project it came from, and its title; null when it came from none. */
  from: { id: string; title: string } | null;
  /** Why not into its project: someone else changed it since, or this account may no longer change it. */
  why: "changed" | "unreachable";
}

let recovered: Recovered | null = null;

/** The draft saved as the new project `workflowId` by the last sign-in, once (the editor says so). */
export function takeRecovered(workflowId: string): Recovered | null {
  if (recovered?.into !== workflowId) return null;
  const taken = recovered;
  recovered = null;
  return taken;
}

/** Save the kept draft to `userId`, the account now signed in, when it was made there; answers the page to go
 * to instead of `next` (the project it went into, when that is a new one), or `next` when there was none. A
 * draft that cannot be saved now stays for the next sign-in. */
export async function importDraft(next: string, userId: string): Promise<string> {
  const draft = readDraft();
  if (!draft || draft.userId !== userId) return next;
  try {
    const outcome = await saveIntoItsProject(draft);
    if (outcome === "saved") {
      forgetDraft();
      return next;
    }
    const title = `${(draft.title.trim() || UNTITLED).slice(0, TITLE_MAX_LENGTH - 12)} (recovered)`;
    const created = await createWorkflow(title, draft.document);
    forgetDraft();
    recovered = { into: created.id, why: outcome,
      from: draft.workflowId ? { id: draft.workflowId, title: draft.title.trim() || UNTITLED } : null };
    return editorPath(created.id);
  } catch {
    return next;
  }
}

/** Saves the draft into the project it came from when this account may change it and nobody else changed it since
 * the page last knew it; otherwise says why not. */
async function saveIntoItsProject(draft: Draft): Promise<"saved" | Recovered["why"]> {
  if (!draft.workflowId) return "unreachable";
  let current;
  try {
    current = await getWorkflow(draft.workflowId);
  } catch {
    return "unreachable";
  }
  if (current.access !== "owner" && current.access !== "editor") return "unreachable";
  if (!draft.base || !onlyOwnChanges(draft.base, current.document, draft.document)) return "changed";
  try {
    await saveWorkflow(current.id, { document: draft.document, version: current.version,
      ...(draft.title.trim() ? { title: draft.title } : {}) });
    return "saved";
  } catch {
    return "changed";  // saved elsewhere between the two requests (409), or refused
  }
}

type Kind = "nodes" | "edges" | "groups";
const KINDS: readonly Kind[] = ["nodes", "edges", "groups"];

/** Whether every node, edge and frame of `now` (the project as the studio holds it) is as `base` (as the page last
 * knew it) or as `mine` (the draft) has it: nothing changed since but this page's own edits. */
export function onlyOwnChanges(base: WorkflowDocument, now: unknown, mine: WorkflowDocument): boolean {
  if (!isDocument(now)) return false;
  const [before, after, own] = [base, now, mine].map(byId);
  return KINDS.every((kind) => {
    const ids = new Set([...before[kind].keys(), ...after[kind].keys(), ...own[kind].keys()]);
    return [...ids].every((id) => {
      const there = after[kind].get(id);
      return there === before[kind].get(id) || there === own[kind].get(id);
    });
  });
}

/** A document's nodes, edges and frames by id, each as the live document keeps it (unset fields left out, a node's
 * `params` always there; editor/collab/ydoc.ts): the same graph reads the same however it was written. */
function byId(document: WorkflowDocument): Record<Kind, Map<string, string>> {
  const keyed = (items: ReadonlyArray<object>, id: (item: never) => string) =>
    new Map(items.map((item) => [id(item as never), canonical(item)]));
  return {
    nodes: keyed(document.nodes.map((node) => ({ params: {}, ...node })), (node: { id: string }) => node.id),
    edges: keyed(document.edges.map(({ id: _id, ...edge }) => ({ ...edge, key: docEdgeId(edge) })),
      (edge: { key: string }) => edge.key),
    groups: keyed(document.groups ?? [], (group: { id: string }) => group.id),
  };
}

/** A JSON value as text, object keys sorted and those without a value left out. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => inner !== null && typeof inner === "object"
    && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner).filter(([, v]) => v !== null && v !== undefined).sort(([a], [b]) =>
      (a < b ? -1 : a > b ? 1 : 0)))
    : inner);
}

function isDocument(value: unknown): value is WorkflowDocument {
  return typeof value === "object" && value !== null && Array.isArray((value as WorkflowDocument).nodes)
    && Array.isArray((value as WorkflowDocument).edges);
}
