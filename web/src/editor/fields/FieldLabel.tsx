import type { ReactNode } from "react";

export function FieldLabel({ htmlFor, label, hint, children }: {
  htmlFor: string; label: string; hint?: string; children?: ReactNode;
}) {
  return (
    <div className="mb-1 flex items-center justify-between gap-2">
      <label htmlFor={htmlFor} className="text-[11px] font-medium text-zinc-500 dark:text-zinc-400" title={hint}>
        {label}
      </label>
      {children}
    </div>
  );
}
