// A number parameter with a range, as a slider with its value beside it. The value is a box to type an exact number
// into (a click or a tap on it, or Enter on the slider, opens it; a phone shows its number pad): a number in range
// goes to the node as typed; anything else is refused in words under the slider and the node keeps its last good
// value (useTypedNumber), as in a number field, rather than clamped: 999 is more likely a slip for 99 than a wish for
// 200, and a value changed unasked would go unnoticed. A stored value outside the range, or one that is not a number
// at all (from a file or the API), is shown as stored and named under it rather than shown as the slider's end.

import { useEffect, useRef, useState } from "react";
import { FieldLabel } from "./FieldLabel";
import type { FieldProps } from "./types";
import { useTypedNumber } from "./useTypedNumber";

/** The box and the value it opens from share a size, so the row does not jump as one turns into the other. */
const VALUE_BOX = "nodrag h-5 w-16 rounded border px-1 text-right font-mono text-[11px] tabular-nums max-sm:h-7";

export function SliderField({ field, value, nodeId, inputId, onChange }: FieldProps<"slider">) {
  const boxId = `${inputId}-typed`;
  const typed = useTypedNumber(field, value, nodeId, boxId, onChange);
  const { stored } = typed;
  // the box shows while it is being typed in, and while what it holds is refused (with the words saying why)
  const [editing, setEditing] = useState(false);
  const open = editing || typed.typedProblem !== null;
  const valueButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);  // Enter or Escape closed the box: the focus goes back to the value it opened from
  useEffect(() => {
    if (open || !refocus.current) return;
    refocus.current = false;
    valueButton.current?.focus();
  }, [open]);

  // the thumb needs a place; a value that is no number shows as text beside the label, flagged
  const position = stored.number ?? field.min;
  const problem = typed.typedProblem ?? stored.problem;
  const messageId = `${inputId}-problem`;
  // text that is no number is quoted, so that an empty one shows too
  const shown = value === undefined ? String(position)
    : typeof value === "string" && stored.number === undefined ? `"${stored.text}"` : stored.text;
  /** Close the box; `revert`: and give the node back the value it had when the box opened (Escape). */
  const close = (focusValue: boolean, revert = false) => {
    refocus.current = focusValue;
    if (revert) typed.revert();
    else typed.putBack();
    setEditing(false);
  };

  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description}>
        {open ? (
          <input id={boxId} type="text" inputMode="decimal" autoComplete="off" spellCheck={false} autoFocus
            data-testid="slider-typed" aria-label={field.label} value={typed.text}
            aria-invalid={problem ? true : undefined} aria-describedby={problem ? messageId : undefined}
            className={`${VALUE_BOX} bg-white text-zinc-800 outline-none dark:bg-zinc-950 dark:text-zinc-100 ${problem
              ? "border-red-500" : "border-zinc-300 focus:border-accent dark:border-zinc-600"}`}
            onFocus={(e) => { setEditing(true); typed.begin(); e.target.select(); }}
            onBlur={() => { if (typed.typedProblem === null) close(false); else setEditing(false); }}
            onChange={(e) => typed.type(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" || (e.key === "Enter" && typed.typedProblem === null)) {
                e.preventDefault();  // answered: closes no panel (useShortcuts)
                close(true, e.key === "Escape");  // Escape puts back the value the node had when the box opened
                return;
              }
              typed.step(e);
            }} />
        ) : (
          <button ref={valueButton} type="button" data-testid="slider-value" title={`Type a value for ${field.label}`}
            className={`${VALUE_BOX} cursor-text border-zinc-200 hover:border-zinc-400 focus-visible:border-accent
              focus-visible:outline-none dark:border-zinc-700 dark:hover:border-zinc-500 ${problem
              ? "text-red-600 dark:text-red-400" : "text-zinc-600 dark:text-zinc-300"}`}
            onClick={() => setEditing(true)}>
            <span className="sr-only">Type a value for {field.label}: </span>{shown}
          </button>
        )}
      </FieldLabel>
      <input id={inputId} type="range" className="nodrag w-full accent-indigo-500" min={field.min} max={field.max}
        step={field.step} value={position} aria-label={field.label} aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? messageId : undefined} aria-valuetext={problem ? stored.text : undefined}
        aria-keyshortcuts="Enter"
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          setEditing(true);  // type the value instead
        }}
        onChange={(e) => onChange(field.integer ? Math.round(e.target.valueAsNumber) : e.target.valueAsNumber)} />
      {problem && <p id={messageId} role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">
        {typed.typedProblem !== null ? `${problem}${typed.keeps}` : `${problem}; type a number or drag the slider`}
      </p>}
    </div>
  );
}
