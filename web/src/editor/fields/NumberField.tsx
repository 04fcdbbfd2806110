// A number parameter typed as text (useTypedNumber): what the user types stays on screen exactly as typed; a number
// in range goes to the graph at once, anything else is flagged under the field in words while the node keeps the
// value it had, which the message names. ArrowUp / ArrowDown step the value within the range; Escape puts back the
// node's value. A stored value that is not a number (a file, the API) shows as stored, flagged the same way.

import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";
import { useTypedNumber } from "./useTypedNumber";

export function NumberField({ field, value, nodeId, inputId, onChange }: FieldProps<"number">) {
  const typed = useTypedNumber(field, value, nodeId, inputId, onChange);
  const problem = typed.typedProblem ?? typed.stored.problem;
  const messageId = `${inputId}-problem`;
  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <input id={inputId} type="text" inputMode="decimal" autoComplete="off" spellCheck={false}
        className={`field-input nodrag${problem ? " border-red-500 dark:border-red-500" : ""}`}
        value={typed.text} aria-label={field.label} aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? messageId : undefined}
        onFocus={typed.begin}
        onChange={(e) => typed.type(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && typed.typedProblem !== null) {
            e.preventDefault();  // answered: it puts the value back, and closes no panel (useShortcuts)
            typed.putBack();
            return;
          }
          typed.step(e);
        }} />
      {problem && <p id={messageId} role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">{problem}{typed.keeps}</p>}
    </div>
  );
}
