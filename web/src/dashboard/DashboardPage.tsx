// The dashboard (/dashboard): projects newest first, New Project, Delete, Clear All, templates.

import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Template } from "../api/types";
import { ConfirmDialog } from "./ConfirmDialog";
import { EmptyState } from "./EmptyState";
import { TemplateList } from "./TemplateList";
import { useProjects } from "./useProjects";
import { WorkflowCard } from "./WorkflowCard";

export default function DashboardPage() {
  const { state, templates, create, remove, duplicate, clearAll } = useProjects();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const guard = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const open = (template?: Template) => guard(async () => {
    const workflow = await create(template?.title ?? "Untitled project", template);
    navigate(`/editor?id=${encodeURIComponent(workflow.id)}`);
  });
  const workflows = state.status === "ready" ? state.workflows : [];

  return (
    <div className="mx-auto max-w-6xl px-6 py-10" data-testid="dashboard">
      <div className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="mt-1 text-sm text-zinc-500">Your workflows, most recently edited first.</p>
        </div>
        <div className="flex gap-2">
          {workflows.length > 0 && (
            <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>Clear All</button>
          )}
          <button type="button" className="btn btn-primary" onClick={open()}>New Project</button>
        </div>
      </div>
      {error && <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950/40
        dark:text-red-300">{error}</p>}
      {state.status === "loading" && <p className="text-sm text-zinc-500" role="status">Loading projects…</p>}
      {state.status === "error" && (
        <p role="alert" className="text-sm text-red-600">The server did not answer: {state.message}</p>
      )}
      {state.status === "ready" && workflows.length === 0 && <EmptyState onCreate={open()} />}
      {workflows.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {workflows.map((workflow) => (
            <WorkflowCard key={workflow.id} workflow={workflow} onDelete={guard(() => remove(workflow.id))}
              onDuplicate={guard(() => duplicate(workflow.id))} />
          ))}
        </ul>
      )}
      <TemplateList templates={templates} onUse={(t) => open(t)()} />
      {confirming && (
        <ConfirmDialog title="Delete every project?" confirmLabel="Delete all"
          message={`This deletes all ${workflows.length} projects. It can't be undone.`}
          onCancel={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); guard(clearAll)(); }} />
      )}
    </div>
  );
}
