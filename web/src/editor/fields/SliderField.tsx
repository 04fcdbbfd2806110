// A number parameter with a range, as a slider; a value outside the range, or one that is not a number at all
// (from a file or the API), is shown as stored and named under it in words rather than shown as the slider's
// nearest end.

import { FieldLabel } from "./FieldLabel";
import { readStored } from "./numberText";
import type { FieldProps } from "./types";

export function SliderField({ field, value, inputId, onChange }: FieldProps<"slider">) {
  const stored = readStored(value, field);
  // the thumb needs a place; a value that is no number shows as text beside the label, flagged
  const position = stored.number ?? field.min;
  const problem = stored.problem;
  const messageId = `${inputId}-problem`;
  // text that is no number is quoted, so that an empty one shows too
  const shown = value === undefined ? String(position)
    : typeof value === "string" && stored.number === undefined ? `"${stored.text}"` : stored.text;
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description}>
        <span data-testid="slider-value" className={`font-mono text-[11px] tabular-nums ${problem
          ? "text-red-600 dark:text-red-400" : "text-zinc-500"}`}>{shown}</span>
      </FieldLabel>
      <input id={inputId} type="range" className="nodrag w-full accent-indigo-500" min={field.min} max={field.max}
        step={field.step} value={position} aria-label={field.label} aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? messageId : undefined} aria-valuetext={problem ? stored.text : undefined}
        onChange={(e) => onChange(field.integer ? Math.round(e.target.valueAsNumber) : e.target.valueAsNumber)} />
      {problem && <p id={messageId} role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">{problem}; drag the slider to
        choose one</p>}
    </div>
  );
}
