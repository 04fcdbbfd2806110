// Deleted projects: kept by the server for a number of days, restorable one by one, or deleted for good.

import { useState } from "react";
import { ConfirmDialog } from "./ConfirmDialog";
import { timeAgo } from "./timeAgo";
import type { Trash } from "./useProjects";

interface TrashSectionProps {
  trash: Trash;
  onRestore(id: string): void;
  onEmpty(): void;
}

export function TrashSection({ trash, onRestore, onEmpty }: TrashSectionProps) {
  const [confirming, setConfirming] = useState(false);
  if (trash.items.length === 0) return null;
  return (
    <details className="mt-12" data-testid="trash">
      <summary className="cursor-pointer text-sm font-semibold text-zinc-500">
        Trash ({trash.items.length})
      </summary>
      <p className="mt-2 text-xs text-zinc-500">
        Deleted projects are kept for {trash.retentionDays} days, then deleted for good.
      </p>
      <ul className="mt-3 divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800
        dark:border-zinc-800 dark:bg-zinc-900" aria-label="Deleted projects">
        {trash.items.map((item) => (
          <li key={item.id} data-testid="trash-item" data-workflow-id={item.id}
            className="flex items-center justify-between gap-3 px-3 py-2">
            <div className="min-w-0">
              <p className="truncate text-sm">{item.title}</p>
              <p className="text-xs text-zinc-500">
                Deleted {timeAgo(item.deleted_at)} · kept until {new Date(item.purge_at).toLocaleDateString()}
              </p>
            </div>
            <button type="button" className="btn px-2 py-1 text-xs" onClick={() => onRestore(item.id)}
              aria-label={`Restore ${item.title}`}>Restore</button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-danger mt-3 text-xs" onClick={() => setConfirming(true)}>
        Empty trash
      </button>
      {confirming && (
        <ConfirmDialog title="Empty the trash?" confirmLabel="Delete for good"
          message={`This deletes ${trash.items.length === 1 ? "1 project" : `${trash.items.length} projects`} for good. `
            + "It can't be undone."}
          onCancel={() => setConfirming(false)} onConfirm={() => { setConfirming(false); onEmpty(); }} />
      )}
    </details>
  );
}
