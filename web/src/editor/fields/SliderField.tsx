import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";

export function SliderField({ field, value, inputId, onChange }: FieldProps<"slider">) {
  const current = typeof value === "number" ? value : field.min;
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description}>
        <span className="font-mono text-[11px] tabular-nums text-zinc-500">{current}</span>
      </FieldLabel>
      <input id={inputId} type="range" className="nodrag w-full accent-indigo-500" min={field.min} max={field.max}
        step={field.step} value={current} aria-label={field.label}
        onChange={(e) => onChange(field.integer ? Math.round(e.target.valueAsNumber) : e.target.valueAsNumber)} />
    </div>
  );
}
