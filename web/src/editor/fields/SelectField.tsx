import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";

export function SelectField({ field, value, inputId, onChange }: FieldProps<"select">) {
  const index = field.options.findIndex((option) => option === value);
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <select id={inputId} className="field-input nodrag" value={index < 0 ? "" : String(index)}
        aria-label={field.label} onChange={(e) => onChange(field.options[Number(e.target.value)])}>
        {index < 0 && <option value="">Choose…</option>}
        {field.options.map((option, i) => (
          <option key={String(option)} value={String(i)}>{field.labels?.[i] ?? String(option)}</option>))}
      </select>
    </div>
  );
}
