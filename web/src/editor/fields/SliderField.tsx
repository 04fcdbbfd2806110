// A number parameter with a range, as a slider; a value outside the range (from a file or the API) is named
// under it in words rather than shown as the slider's nearest end.

import { FieldLabel } from "./FieldLabel";
import { numberProblem } from "./numberText";
import type { FieldProps } from "./types";

export function SliderField({ field, value, inputId, onChange }: FieldProps<"slider">) {
  const current = typeof value === "number" ? value : field.min;
  const problem = numberProblem(current, field);
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description}>
        <span className="font-mono text-[11px] tabular-nums text-zinc-500">{current}</span>
      </FieldLabel>
      <input id={inputId} type="range" className="nodrag w-full accent-indigo-500" min={field.min} max={field.max}
        step={field.step} value={current} aria-label={field.label} aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(field.integer ? Math.round(e.target.valueAsNumber) : e.target.valueAsNumber)} />
      {problem && <p role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">{problem}; drag the slider to
        choose one</p>}
    </div>
  );
}
