// The dashboard (/dashboard): projects newest first, search by title, New Project, Delete and "Move all to trash…"
// (both undoable from a toast), Open workflow file (or one dropped on the page), the projects shared with the user
// (accounts mode), templates, and the trash.

import { useCallback, useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Template } from "../api/types";
import { TITLE_MAX_LENGTH } from "../api/workflows";
import { openWorkflowFile } from "../editor/openWorkflowFile";
import { ConfirmDialog } from "./ConfirmDialog";
import { EmptyState } from "./EmptyState";
import { OpenWorkflowFileButton } from "./OpenWorkflowFile";
import { ProjectListMenu } from "./ProjectListMenu";
import { SharedSection } from "./SharedSection";
import { TemplateList } from "./TemplateList";
import { TrashSection } from "./TrashSection";
import { UndoToast } from "./UndoToast";
import { type Deleted, useProjects } from "./useProjects";
import { useWorkflowFileDrop } from "./useWorkflowFileDrop";
import { WorkflowCard } from "./WorkflowCard";

function SearchBox({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    // no title is longer or holds a NUL, so neither is worth sending (the server would refuse them)
    <input type="search" value={value} onChange={(e) => onChange(e.target.value.replaceAll("\0", ""))}
      maxLength={TITLE_MAX_LENGTH} placeholder="Search projects"
      aria-label="Search projects" data-testid="project-search"
      onKeyDown={(e) => { if (e.key === "Escape") onChange(""); }}
      className="w-56 rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm outline-none
        focus:border-accent dark:border-zinc-800 dark:bg-zinc-900" />
  );
}

export default function DashboardPage() {
  const [query, setQuery] = useState("");
  const {
    state, shared, templates, trash, create, remove, restore, restoreFromTrash, emptyTheTrash, duplicate, clearAll,
  } = useProjects(query);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Deleted | null>(null);
  const closeToast = useCallback(() => setDeleted(null), []);
  /** Projects restored or purged from the Trash section leave the Undo toast: there is nothing left to undo. */
  const settled = (ids: string[] | "all") => setDeleted((toast) => {
    const left = toast?.projects.filter((p) => ids !== "all" && !ids.includes(p.id)) ?? [];
    return left.length ? { projects: left } : null;
  });

  const guard = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const open = (template?: Template) => guard(async () => {
    const workflow = await create(template);
    void navigate(`/editor?id=${encodeURIComponent(workflow.id)}`);
  });
  const openFile = (file: File) => guard(async () => {
    const workflow = await openWorkflowFile(file);
    void navigate(`/editor?id=${encodeURIComponent(workflow.id)}`);
  })();
  const drop = useWorkflowFileDrop(openFile);
  const undo = async () => {
    if (!deleted) return;
    try {
      await restore(deleted);
      setDeleted(null);
    } catch (e) {
      setError(`Could not bring the projects back: ${e instanceof Error ? e.message : String(e)}. Try Undo again.`);
    }
  };
  const workflows = state.status === "ready" ? state.workflows : [];
  // Decided by the search the list answers, so clearing the box never flashes the first-project screen.
  const searching = query.trim() !== "" || (state.status === "ready" && state.query.trim() !== "");

  return (
    <div {...drop.props} data-testid="dashboard" className={`mx-auto min-h-[70vh] max-w-6xl rounded-xl px-6 py-10
      ${drop.over ? "outline-2 outline-dashed outline-accent" : ""}`}>
      <div className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="mt-1 text-sm text-zinc-500">Your workflows, most recently edited first.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {(workflows.length > 0 || searching) && <SearchBox value={query} onChange={setQuery} />}
          <OpenWorkflowFileButton onOpen={openFile} />
          <button type="button" className="btn btn-primary" onClick={open()}>New Project</button>
        </div>
      </div>
      {error && <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950/40
        dark:text-red-300">{error}</p>}
      {state.status === "loading" && <p className="text-sm text-zinc-500" role="status">Loading projects…</p>}
      {state.status === "error" && (
        <p role="alert" className="text-sm text-red-600">The projects could not be loaded: {state.message}</p>
      )}
      {state.status === "ready" && workflows.length === 0 && !searching && <EmptyState onCreate={open()}
        templates={templates.length > 0} inTrash={trash.items.length} />}
      {state.status === "ready" && workflows.length === 0 && searching && (
        <p className="break-words text-sm text-zinc-500" data-testid="no-match">
          No project's title contains “{state.query.trim()}”. <button type="button" className="underline"
            onClick={() => setQuery("")}>Show all projects</button>
        </p>
      )}
      {workflows.length > 0 && (
        <div className="mb-3 flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold text-zinc-500">
            {searching ? "Matching projects" : "Your projects"} ({workflows.length})
          </h2>
          {/* all the projects, not the ones a search shows: offered only where the list is all of them */}
          {!searching && <ProjectListMenu onTrashAll={() => setConfirming(true)} />}
        </div>
      )}
      {workflows.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {workflows.map((workflow) => (
            <WorkflowCard key={workflow.id} workflow={workflow}
              onDelete={guard(async () => setDeleted(await remove(workflow)))}
              onDuplicate={guard(() => duplicate(workflow.id))} />
          ))}
        </ul>
      )}
      <SharedSection projects={shared} onCopy={(id) => guard(() => duplicate(id))()} />
      <TemplateList templates={templates} onUse={(t) => open(t)()} />
      <TrashSection trash={trash}
        onRestore={(id) => guard(async () => { await restoreFromTrash(id); settled([id]); })()}
        onEmpty={guard(async () => { await emptyTheTrash(); settled("all"); })} />
      {confirming && (
        <ConfirmDialog title="Move every project to the trash?" confirmLabel="Move all to trash"
          message={`This moves ${workflows.length === 1 ? "your 1 project" : `all ${workflows.length} projects`} to the `
            + "trash. You can undo it right after, or restore them from the trash later."}
          onCancel={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); guard(async () => setDeleted(await clearAll()))(); }} />
      )}
      {deleted && <UndoToast key={deleted.projects.map((p) => p.id).join()} deleted={deleted} onUndo={undo}
        onClose={closeToast} />}
    </div>
  );
}
