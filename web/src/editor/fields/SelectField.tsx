// A choice among the server's values. An upscaler's scale (scaleLimit.ts) reads "4×", and a scale whose result
// would pass the studio's pixel limit is offered unavailable, with the size it would make: refused before a run.

import { FieldLabel } from "./FieldLabel";
import { useScaleLimit } from "./scaleLimit";
import type { FieldProps } from "./types";

export function SelectField({ field, value, nodeId, inputId, onChange }: FieldProps<"select">) {
  const index = field.options.findIndex((option) => option === value);
  const limit = useScaleLimit(nodeId, field.name, field.options, value);
  const problemId = `${inputId}-problem`;
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <select id={inputId} value={index < 0 ? "" : String(index)} aria-label={field.label}
        className={`field-input nodrag${limit?.problem ? " border-red-500 dark:border-red-500" : ""}`}
        aria-invalid={limit?.problem ? true : undefined} aria-describedby={limit?.problem ? problemId : undefined}
        onChange={(e) => onChange(field.options[Number(e.target.value)])}>
        {index < 0 && <option value="">Choose…</option>}
        {field.options.map((option, i) => (
          <option key={String(option)} value={String(i)} disabled={limit?.options[i]?.fits === false}>
            {limit?.options[i]?.label ?? field.labels?.[i] ?? String(option)}
          </option>))}
      </select>
      {limit?.problem && <p id={problemId} role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">{limit.problem}</p>}
    </div>
  );
}
