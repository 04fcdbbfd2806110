// "Shared with me" (accounts mode): the projects others shared with the user, newest change first, each with what
// the user may do with it as a small badge; opened in the editor like their own (read only for a viewer). Hidden
// when there are none, and in local mode (nobody shares there).

import type { WorkflowAccess, WorkflowSummary } from "../api/types";
import { CardFrame } from "./WorkflowCard";

/** The badge of each access, and what it means on hover. */
const ACCESS: Record<WorkflowAccess, { label: string; title: string; tone: string }> = {
  owner: { label: "Owner", title: "Your project", tone: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200" },
  editor: { label: "Editor", title: "You may change it; its owner sees your changes",
    tone: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" },
  viewer: { label: "Viewer", title: "You may look at it and run it, not change it (make a copy to change it)",
    tone: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300" },
  public: { label: "Public", title: "Anyone with the link may look at it",
    tone: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
};

function SharedCard({ workflow, onCopy }: { workflow: WorkflowSummary; onCopy(): void }) {
  const access = ACCESS[workflow.access];
  return (
    <CardFrame workflow={workflow} data-testid="shared-card" data-workflow-id={workflow.id}
      data-access={workflow.access}
      badge={<span data-testid="shared-access" title={access.title}
        className={`shrink-0 rounded px-1.5 py-0.5 text-[10px] font-medium ${access.tone}`}>{access.label}</span>}>
      <button type="button" className="btn shrink-0 px-2 py-1 text-xs opacity-70 transition-opacity
        group-hover:opacity-100" onClick={onCopy} aria-label={`Make a copy of ${workflow.title}`}
        title="A copy of your own, among your projects">Make a copy</button>
    </CardFrame>
  );
}

export function SharedSection({ projects, onCopy }: { projects: WorkflowSummary[]; onCopy(id: string): void }) {
  if (projects.length === 0) return null;
  return (
    <section aria-labelledby="shared-heading" className="mt-12" data-testid="shared-projects">
      <h2 id="shared-heading" className="mb-3 text-sm font-semibold text-zinc-500">Shared with me</h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Shared with me">
        {projects.map((workflow) => (
          <SharedCard key={workflow.id} workflow={workflow} onCopy={() => onCopy(workflow.id)} />
        ))}
      </ul>
    </section>
  );
}
