import type { ReactNode } from "react";

/** A panel that slides over the right edge of the canvas, ending above the minimap (it scrolls when longer). */
export function SidePanel({ title, label, onClose, children, testId }: {
  title: ReactNode; label: string; onClose(): void; children: ReactNode; testId: string;
}) {
  return (
    // 180px: the minimap's room at the canvas's bottom-right corner (xyflow draws it 150 px high, 15 px in)
    <aside aria-label={label} data-testid={testId}
      className="panel animate-fade-in absolute right-3 top-3 z-30 flex max-h-[calc(100%-0.75rem-180px)] w-80 flex-col">
      <div className="flex items-center justify-between border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">{title}</h2>
        <button type="button" className="rounded p-1 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
          onClick={onClose} aria-label={`Close ${label}`}>✕</button>
      </div>
      <div className="overflow-y-auto p-4">{children}</div>
    </aside>
  );
}
