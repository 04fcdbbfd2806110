import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";

export function TextField({ field, value, inputId, onChange }: FieldProps<"text">) {
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <input id={inputId} type="text" className="field-input nodrag" maxLength={field.maxLength}
        value={typeof value === "string" ? value : ""} placeholder={field.description} aria-label={field.label}
        onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export function TextareaField({ field, value, inputId, onChange }: FieldProps<"textarea">) {
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <textarea id={inputId} className="field-input nodrag nowheel min-h-16 resize-y leading-snug" rows={3}
        maxLength={field.maxLength} value={typeof value === "string" ? value : ""} placeholder={field.description}
        aria-label={field.label} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
