// One project on the dashboard: the picture the server chose for it, title, age, and its actions.

import { type ComponentPropsWithoutRef, type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import type { WorkflowSummary } from "../api/types";
import { timeAgo } from "./timeAgo";
import { TitleWithEnding } from "../app/TitleWithEnding";

/** What a card's picture needs: the signed picture the server chose (a run's result, a still of a video, a
 * template's preview, the picture given to an input) and how big the graph is. */
export type Pictured = Pick<WorkflowSummary, "thumbnail_url" | "node_count">;

/** The list answer signs each project's thumbnail (`thumbnail_url`), so no card fetches its workflow. Spans, not
 * divs: it sits in a link (a project) or a button (a template). */
export function Thumbnail({ workflow }: { workflow: Pictured }) {
  const url = workflow.thumbnail_url;
  // a picture the studio can no longer make (its file evicted, a video no frame of which reads): the plain card
  const [failed, setFailed] = useState<string | null>(null);
  const count = workflow.node_count;
  const size = count === 0 ? "Empty canvas" : `${count} node${count === 1 ? "" : "s"}`;
  if (url && failed !== url) {
    // the picture says what the project makes, the count how big its graph is: both, the count over a corner
    return (
      // the whole picture, letterboxed: a portrait's subject or a banner's width is what the project makes
      <span className="relative block h-full w-full bg-zinc-100 dark:bg-zinc-800">
        <img src={url} alt="" data-testid="workflow-thumbnail" className="block h-full w-full object-contain"
          onError={() => setFailed(url)} />
        <span data-testid="workflow-node-count" className="absolute bottom-1.5 right-1.5 rounded-full bg-black/60
          px-2 py-0.5 text-[11px] font-medium text-white">{size}</span>
      </span>
    );
  }
  return (
    <span data-testid="workflow-node-count" className="flex h-full items-center justify-center
      bg-[radial-gradient(circle,#d4d4d8_1px,transparent_1px)] bg-[length:14px_14px] text-xs text-zinc-400
      dark:bg-[radial-gradient(circle,#3f3f46_1px,transparent_1px)]">
      {size}
    </span>
  );
}

interface CardFrameProps extends Omit<ComponentPropsWithoutRef<"li">, "className" | "children"> {
  workflow: WorkflowSummary;
  /** Shown right after the title (a badge), if any. */
  badge?: ReactNode;
  /** The card's actions, on the right under the thumbnail. */
  children: ReactNode;
}

/** A project card's frame: thumbnail and title opening it in the editor, its age, then the card's own actions. The
 * rest of the props (data-testid, data-*) go on the <li>. */
export function CardFrame({ workflow, badge, children, ...rest }: CardFrameProps) {
  const href = `/editor?id=${encodeURIComponent(workflow.id)}`;
  // a copy's ending stays in sight when the title is cut ("Spring campaign – h… (copy)"), the whole on hover; its
  // name is the title as it is written (the split in two would read without the ending's space)
  const title = (
    <Link to={href} title={workflow.title} aria-label={workflow.title}
      className="block min-w-0 text-sm font-medium hover:underline">
      <TitleWithEnding title={workflow.title} />
    </Link>
  );
  return (
    <li {...rest}
      className="group animate-fade-in overflow-hidden rounded-xl border border-zinc-200 bg-white transition-shadow
        hover:shadow-md dark:border-zinc-800 dark:bg-zinc-900">
      <Link to={href} className="block aspect-[16/10] overflow-hidden bg-zinc-100 dark:bg-zinc-950"
        aria-label={`Open ${workflow.title}`}>
        <Thumbnail workflow={workflow} />
      </Link>
      <div className="flex items-center justify-between gap-2 p-3">
        <div className="min-w-0">
          {badge ? <div className="flex min-w-0 items-center gap-1.5">{title}{badge}</div> : title}
          <p className="text-xs text-zinc-500">Edited {timeAgo(workflow.updated_at)}</p>
        </div>
        {children}
      </div>
    </li>
  );
}

interface WorkflowCardProps {
  workflow: WorkflowSummary;
  onDelete(): void;
  onDuplicate(): void;
}

export function WorkflowCard({ workflow, onDelete, onDuplicate }: WorkflowCardProps) {
  return (
    <CardFrame workflow={workflow} data-testid="workflow-card" data-workflow-id={workflow.id}>
      <div className="flex shrink-0 gap-1 opacity-70 transition-opacity group-hover:opacity-100">
        <button type="button" className="btn px-2 py-1 text-xs" onClick={onDuplicate}
          aria-label={`Duplicate ${workflow.title}`}>Duplicate</button>
        <button type="button" className="btn btn-danger px-2 py-1 text-xs" onClick={onDelete}
          aria-label={`Delete ${workflow.title}`}>Delete</button>
      </div>
    </CardFrame>
  );
}
