import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";

export function NumberField({ field, value, inputId, onChange }: FieldProps<"number">) {
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <input id={inputId} type="number" className="field-input nodrag" min={field.min} max={field.max}
        step={field.step} value={typeof value === "number" ? value : ""} aria-label={field.label}
        onChange={(e) => {
          if (e.target.value === "") return;
          onChange(field.integer ? Math.round(e.target.valueAsNumber) : e.target.valueAsNumber);
        }} />
    </div>
  );
}
