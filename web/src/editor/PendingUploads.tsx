// Files dropped on the canvas while they upload: a dashed box where each one's node will appear, drawn in flow
// coordinates (it pans and zooms with the graph) and on this screen only, as nothing is in the graph yet.

import { ViewportPortal } from "@xyflow/react";
import { useEditor } from "./store/editorStore";

export function PendingUploads() {
  const uploads = useEditor((s) => s.pendingUploads);
  if (uploads.length === 0) return null;
  return (
    <ViewportPortal>
      {uploads.map((upload) => (
        <div key={upload.id} data-testid="pending-upload" role="status"
          className="pointer-events-none absolute left-0 top-0 flex h-32 w-64 items-center justify-center rounded-xl
            border border-dashed border-accent bg-white/80 px-4 text-center text-xs text-zinc-600 dark:bg-zinc-900/80
            dark:text-zinc-300"
          style={{ transform: `translate(${upload.position.x}px, ${upload.position.y}px)` }}>
          <span className="truncate">Uploading “{upload.name}”…</span>
        </div>
      ))}
    </ViewportPortal>
  );
}
