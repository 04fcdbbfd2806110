// A number parameter typed as text: what the user types stays on screen exactly as typed. A number in range
// goes to the graph at once; anything else (not a number, out of range, a fraction in a whole-number field)
// is flagged under the field in words, and the node keeps the value it had before this edit began (not a
// number typed on the way, like 9999 on the way to 99999999), which the message names. ArrowUp / ArrowDown
// step the value within the range; Escape puts back the node's value. A stored value that is not a number (a file,
// the API) shows as stored, flagged the same way. While the text is not valid, the field holds it in the editor's
// store (fieldDraftSlice), so that Run refuses rather than run the old value unseen.

import { useEffect, useState } from "react";
import { useEditor } from "../store/editorStore";
import { FieldLabel } from "./FieldLabel";
import { numberProblem, readNumber, readStored, stepped } from "./numberText";
import type { FieldProps } from "./types";

export function NumberField({ field, value, nodeId, inputId, onChange }: FieldProps<"number">) {
  const stored = readStored(value, field);
  const current = stored.number;
  // What is typed, while it differs from the graph's value (`over`: the graph value it was typed over).
  const [draft, setDraft] = useState<{ text: string; over: number | undefined } | null>(null);
  // The graph's value when this edit began (focus): what the node goes back to while the text is not valid.
  const [before, setBefore] = useState<number | undefined>(undefined);
  const typing = draft !== null && draft.over === current;  // undo or a load replaces the value: show it
  const text = typing ? draft.text : stored.text;
  const reading = typing ? readNumber(draft.text, field) : null;
  const typedProblem = reading && !reading.ok ? reading.message : null;
  const problem = typedProblem ?? stored.problem;
  const keeps = reading && !reading.ok && current !== undefined && stored.problem === null
    ? ` (the node keeps ${current} until then)` : "";
  const messageId = `${inputId}-problem`;
  useHeldDraft(inputId, nodeId, field.label, typedProblem, stored.text);

  const type = (typed: string) => {
    const read = readNumber(typed, field);
    if (read.ok && read.value !== current) {
      setDraft({ text: typed, over: read.value });
      onChange(read.value);
    } else if (!read.ok && before !== undefined && before !== current && numberProblem(before, field) === null) {
      setDraft({ text: typed, over: before });
      onChange(before);
    } else {
      setDraft({ text: typed, over: current });
    }
  };

  return (
    <div>
      <FieldLabel htmlFor={inputId} label={field.label} hint={field.description} />
      <input id={inputId} type="text" inputMode="decimal" autoComplete="off" spellCheck={false}
        className={`field-input nodrag${problem ? " border-red-500 dark:border-red-500" : ""}`}
        value={text} aria-label={field.label} aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? messageId : undefined}
        onFocus={() => setBefore(current)}
        onChange={(e) => type(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && typedProblem !== null) {
            e.preventDefault();  // answered: it puts the value back, and closes no panel (useShortcuts)
            setDraft(null);
            return;
          }
          if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
          const base = reading?.ok ? reading.value : current;
          if (base === undefined || !Number.isFinite(base)) return;
          e.preventDefault();
          type(String(stepped(base, field, e.key === "ArrowUp" ? 1 : -1)));
        }} />
      {problem && <p id={messageId} role="alert" data-testid="field-problem"
        className="mt-1 text-[11px] leading-snug text-red-600 dark:text-red-400">{problem}{keeps}</p>}
    </div>
  );
}

/** Hold `problem` (what is wrong with the text typed, null when nothing is) in the editor's store while there is one,
 * and no longer once it is gone: the text became valid or was put back, or the field went away (its settings closed,
 * its node deleted or collapsed). `keeps`: the value the node keeps meanwhile, as shown. */
function useHeldDraft(inputId: string, nodeId: string, label: string, problem: string | null, keeps: string) {
  useEffect(() => {
    if (problem === null) return;
    const { holdFieldDraft, dropFieldDraft } = useEditor.getState();
    holdFieldDraft(inputId, { nodeId, label, problem, keeps });
    return () => dropFieldDraft(inputId);
  }, [inputId, nodeId, label, problem, keeps]);
}
