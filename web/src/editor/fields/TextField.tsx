// Text parameters: a one-line box (its schema's example as a placeholder, else its description) whose text is
// checked against its pattern as the server checks it, and a multi-line box.

import { useState } from "react";
import { FieldLabel } from "./FieldLabel";
import { patternProblem } from "./textPattern";
import type { FieldProps } from "./types";

export function TextField({ field, value, inputId, onChange }: FieldProps<"text">) {
  const text = typeof value === "string" ? value : "";
  // Judged once the user leaves the field (an address half typed is not wrong yet), then as they type; a value
  // that arrives wrong (a file, a collaborator) is flagged at once.
  const [focused, setFocused] = useState(false);
  const [left, setLeft] = useState(false);
  const problem = focused && !left ? null : patternProblem(text, field);
  const messageId = `${inputId}-problem`;
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <input id={inputId} type="text" maxLength={field.maxLength} value={text}
        className={`field-input nodrag${problem ? " border-red-500 dark:border-red-500" : ""}`}
        placeholder={field.placeholder ?? field.description} aria-label={field.label}
        aria-invalid={problem ? true : undefined} aria-describedby={problem ? messageId : undefined}
        onFocus={() => setFocused(true)}
        onBlur={() => { setFocused(false); setLeft(true); }}
        onChange={(e) => onChange(e.target.value)} />
      {problem && <p id={messageId} role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">{problem}</p>}
    </div>
  );
}

export function TextareaField({ field, value, inputId, onChange }: FieldProps<"textarea">) {
  const text = typeof value === "string" ? value : "";
  const noteId = `${inputId}-full`;
  // The browser cuts a paste past maxLength without a word: say so, so that a long text is not lost unnoticed.
  const full = field.maxLength !== undefined && text.length >= field.maxLength;
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <textarea id={inputId} className="field-input nodrag nowheel min-h-16 resize-y leading-snug" rows={3}
        maxLength={field.maxLength} value={text} placeholder={field.description}
        aria-label={field.label} aria-describedby={full ? noteId : undefined}
        onChange={(e) => onChange(e.target.value)} />
      {full && <p id={noteId} data-testid="field-full" className="mt-1 text-[11px] leading-snug text-amber-700
        dark:text-amber-400">{field.label} holds at most {field.maxLength?.toLocaleString("en-US")} characters:
        text past that was not kept.</p>}
    </div>
  );
}
