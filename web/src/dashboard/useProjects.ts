// The dashboard's data: workflows (newest first) and templates, with the actions that change them.

import { useCallback, useEffect, useState } from "react";
import type { Template, WorkflowSummary } from "../api/types";
import {
  copyTemplate, createWorkflow, deleteWorkflow, duplicateWorkflow, listTemplates, listWorkflows,
} from "../api/workflows";

export type ProjectsState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; workflows: WorkflowSummary[] };

const newestFirst = (a: WorkflowSummary, b: WorkflowSummary) => b.updated_at.localeCompare(a.updated_at);

export function useProjects() {
  const [state, setState] = useState<ProjectsState>({ status: "loading" });
  const [templates, setTemplates] = useState<Template[]>([]);

  const reload = useCallback(async () => {
    try {
      const workflows = await listWorkflows();
      setState({ status: "ready", workflows: [...workflows].sort(newestFirst) });
    } catch (error) {
      setState({ status: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  useEffect(() => {
    void reload();
    listTemplates().then(setTemplates, () => setTemplates([]));
  }, [reload]);

  const create = (title: string, template?: Template) =>
    template ? copyTemplate(template) : createWorkflow(title);

  const remove = async (id: string) => {
    await deleteWorkflow(id);
    await reload();
  };

  const duplicate = async (id: string) => {
    await duplicateWorkflow(id);
    await reload();
  };

  const clearAll = async () => {
    if (state.status !== "ready") return;
    await Promise.all(state.workflows.map((w) => deleteWorkflow(w.id)));
    await reload();
  };

  return { state, templates, create, remove, duplicate, clearAll, reload };
}
