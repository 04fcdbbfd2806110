import type { FieldProps } from "./types";

export function BooleanField({ field, value, inputId, onChange }: FieldProps<"boolean">) {
  return (
    <label htmlFor={inputId} className="nodrag flex cursor-pointer items-center gap-2 text-[11px] font-medium
      text-zinc-500 dark:text-zinc-400" title={field.description}>
      <input id={inputId} type="checkbox" className="accent-indigo-500" checked={value === true}
        onChange={(e) => onChange(e.target.checked)} />
      {field.label}
    </label>
  );
}
