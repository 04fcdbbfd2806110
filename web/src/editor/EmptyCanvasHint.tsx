// What a new, empty project says on its canvas: the ways to start. It goes with the first node, never takes a
// click (the canvas under it stays a drop target), and is not shown while the graph is still arriving or to
// someone who may only look, nor while a comment is open or being written on the empty canvas (it would cover it).

import { useComments } from "./comments/store";
import { editable, useEditor } from "./store/editorStore";

/** `empty`: nothing is drawn on the canvas (no node, and no node of an AI plan previewed over it). */
export function EmptyCanvasHint({ empty }: { empty: boolean }) {
  const shown = useEditor((s) => s.workflow !== null && s.nodes.length === 0 && s.pendingUploads.length === 0
    && s.collab !== "connecting" && editable(s));
  const commenting = useComments((c) => c.openId !== null || c.draft !== null);
  if (!shown || !empty || commenting) return null;
  return (
    <div data-testid="empty-canvas-hint"
      className="pointer-events-none absolute inset-0 z-[4] flex items-center justify-center p-8">
      <div className="max-w-md rounded-xl border border-dashed border-zinc-300 bg-white/80 px-6 py-5 text-center
        text-sm text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900/80 dark:text-zinc-300">
        <p className="mb-2 font-medium text-zinc-800 dark:text-zinc-100">Start a workflow</p>
        {/* a phone shows the palette only when opened, from its Nodes button at the canvas's top left */}
        <p><span className="md:hidden">Add a node from Nodes at the top left</span><span className="hidden
          md:inline">Drag a node from the list on the left</span>, drop a picture, video or sound here, double-click
          for quick add, or describe a workflow in the bar below.</p>
      </div>
    </div>
  );
}
