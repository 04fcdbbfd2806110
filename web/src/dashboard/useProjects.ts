// The dashboard's data: workflows (newest first, filtered by a title search on the server), those shared with
// the user (accounts mode) and templates, with the actions that change them. Deleting moves projects to the server's trash, so it can be undone.

import { useCallback, useEffect, useRef, useState } from "react";
import type { Template, WorkflowSummary } from "../api/types";
import {
  type TrashedWorkflow, UNTITLED, copyTemplate, createWorkflow, deleteWorkflow, duplicateWorkflow, emptyTrash,
  listSharedWorkflows, listTemplates, listTrash, listWorkflows, restoreWorkflow,
} from "../api/workflows";
import { settled } from "../api/pendingWrites";
import { isAccount, useSession } from "../app/session";

export type ProjectsState =
  | { status: "loading" }
  | { status: "error"; message: string }
  /** `query`: the search these projects answer (the box may already hold another, still on its way). */
  | { status: "ready"; workflows: WorkflowSummary[]; query: string };

/** The trash: deleted projects, restorable for `retentionDays`. */
export interface Trash {
  items: TrashedWorkflow[];
  retentionDays: number;
}

/** Projects just deleted, which Undo brings back. */
export interface Deleted {
  projects: Pick<WorkflowSummary, "id" | "title">[];
}

const SEARCH_DEBOUNCE_MS = 200;
const newestFirst = (a: WorkflowSummary, b: WorkflowSummary) => b.updated_at.localeCompare(a.updated_at);

export function useProjects(query = "") {
  const [state, setState] = useState<ProjectsState>({ status: "loading" });
  const [templates, setTemplates] = useState<Template[]>([]);
  const [trash, setTrash] = useState<Trash>({ items: [], retentionDays: 0 });
  /** Projects others shared with the user: only accounts have them (none in local mode). */
  const [shared, setShared] = useState<WorkflowSummary[]>([]);
  const accounts = useSession((s) => isAccount(s.state));
  const latest = useRef(0);
  const current = useRef(query);
  // before the search below is scheduled, so the reload it makes asks for this query
  useEffect(() => { current.current = query; }, [query]);

  const reload = useCallback(async () => {
    const ticket = ++latest.current; // an older answer that arrives late never replaces a newer one
    // Without the trash the dashboard still works; it just cannot offer to restore older deletions.
    listTrash().then((t) => setTrash({ items: t.items, retentionDays: t.retention_days }), () => undefined);
    const asked = current.current;
    if (accounts) {
      // without them the dashboard still lists the user's own projects
      listSharedWorkflows(200, asked).then((items) => {
        if (ticket === latest.current) setShared([...items].sort(newestFirst));
      }, () => undefined);
    } else {
      setShared([]);
    }
    try {
      await settled();  // a title the editor was still saving as the person came back
      const workflows = await listWorkflows(200, asked);
      if (ticket === latest.current) {
        setState({ status: "ready", workflows: [...workflows].sort(newestFirst), query: asked });
      }
    } catch (error) {
      if (ticket === latest.current) {
        setState({ status: "error", message: error instanceof Error ? error.message : String(error) });
      }
    }
  }, [accounts]);

  useEffect(() => {
    listTemplates().then(setTemplates, () => setTemplates([]));
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void reload(), query ? SEARCH_DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [query, reload]);

  const create = (template?: Template) => (template ? copyTemplate(template) : createWorkflow(UNTITLED));

  const removeAll = async (projects: WorkflowSummary[]): Promise<Deleted> => {
    await Promise.all(projects.map((w) => deleteWorkflow(w.id)));
    await reload();
    return { projects: projects.map(({ id, title }) => ({ id, title })) };
  };

  const remove = (workflow: WorkflowSummary) => removeAll([workflow]);

  const restore = async (deleted: Deleted) => {
    await Promise.all(deleted.projects.map((p) => restoreWorkflow(p.id)));
    await reload();
  };

  const restoreFromTrash = async (id: string) => {
    await restoreWorkflow(id);
    await reload();
  };

  const emptyTheTrash = async () => {
    await emptyTrash();
    await reload();
  };

  const duplicate = async (id: string) => {
    await duplicateWorkflow(id);
    await reload();
  };

  const clearAll = () => removeAll(state.status === "ready" ? state.workflows : []);

  return {
    state, shared, templates, trash, create, remove, restore, restoreFromTrash, emptyTheTrash, duplicate, clearAll, reload,
  };
}
