import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";

export function ColorField({ field, value, inputId, onChange }: FieldProps<"color">) {
  const color = typeof value === "string" && /^#[0-9a-f]{6}$/i.test(value) ? value : "#000000";
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <div className="flex items-center gap-2">
        <input id={inputId} type="color" className="nodrag h-7 w-9 cursor-pointer rounded border-0 bg-transparent"
          value={color} aria-label={field.label} onChange={(e) => onChange(e.target.value)} />
        <span className="font-mono text-[11px] text-zinc-500">{color}</span>
      </div>
    </div>
  );
}
