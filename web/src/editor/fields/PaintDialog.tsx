// The larger paint view of a brush field: the same strokes and brush as in the node, on most of the window.

import { useEffect, useRef, type KeyboardEvent, type ReactNode, type SyntheticEvent } from "react";
import { createPortal } from "react-dom";

export interface PaintDialogProps {
  title: string;
  toolbar: ReactNode;
  surface: ReactNode;
  onUndo(): void;
  onRedo(): void;
  onClose(): void;
}

/** The dialog lives in the node's React tree: its events must not reach the node (select, drag, menus). */
const stop = (event: SyntheticEvent) => event.stopPropagation();

export function PaintDialog({ title, toolbar, surface, onUndo, onRedo, onClose }: PaintDialogProps) {
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => { done.current?.focus(); }, []);

  // The editor's shortcuts listen on the window, which a stopped event never reaches: Undo and Redo act on
  // strokes here, Escape closes.
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (event.key === "Escape") onClose();
    else if (mod && (key === "y" || (key === "z" && event.shiftKey))) onRedo();
    else if (mod && key === "z") onUndo();
    else return;
    event.preventDefault();
  };

  return createPortal(
    <div className="fixed inset-0 z-[60] flex items-center justify-center bg-black/60 p-6" onKeyDown={onKeyDown}
      onClick={stop} onDoubleClick={stop} onContextMenu={stop} onPointerDown={stop} onMouseDown={stop}>
      <div role="dialog" aria-modal="true" aria-label={`Paint: ${title}`} data-testid="paint-dialog"
        className="panel flex max-h-full w-full max-w-5xl flex-col gap-3 p-4">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold">Paint: {title}</h2>
          <button ref={done} type="button" className="btn btn-primary" onClick={onClose}>Done</button>
        </div>
        {toolbar}
        <div className="min-h-0 flex-1">{surface}</div>
      </div>
    </div>,
    document.body,
  );
}
