// A number typed as text, for a number field and the box beside a slider: what the user types stays on screen
// exactly as typed. A number in range goes to the graph at once; anything else is named in words (`typedProblem`)
// and the node keeps the value it had before this edit began, not a number typed on the way (9999 on the way to
// 99999999). While the text is not valid the field holds it in the editor's store (fieldDraftSlice), so that Run
// refuses rather than run the old value unseen.

import { useEffect, useState, type KeyboardEvent } from "react";
import type { FieldDescriptor } from "../graph/schemaForm";
import { useEditor } from "../store/editorStore";
import { numberProblem, readNumber, readStored, stepped, type StoredNumber } from "./numberText";

type NumberDescriptor = Extract<FieldDescriptor, { kind: "number" | "slider" }>;

export interface TypedNumber {
  stored: StoredNumber;
  /** What the box shows: the text typed, or the graph's value. */
  text: string;
  /** What is wrong with the text typed; null when it is valid or nothing is typed. */
  typedProblem: string | null;
  /** " (the node keeps 4 until then)" while the text typed is not valid and the node holds a good value; "". */
  keeps: string;
  /** The edit begins (focus): the value the node goes back to while the text is not valid. */
  begin(): void;
  type(text: string): void;
  /** Show the graph's value again, dropping the text typed. */
  putBack(): void;
  /** What was typed since `begin` undone: the value the node had then goes back to it (Escape in a slider's box). */
  revert(): void;
  /** ArrowUp / ArrowDown step the value within the range; true when the key was used. */
  step(event: KeyboardEvent<HTMLInputElement>): boolean;
}

export function useTypedNumber(field: NumberDescriptor, value: unknown, nodeId: string, inputId: string,
  onChange: (value: number) => void): TypedNumber {
  const stored = readStored(value, field);
  const current = stored.number;
  // What is typed, while it differs from the graph's value (`over`: the graph value it was typed over).
  const [draft, setDraft] = useState<{ text: string; over: number | undefined } | null>(null);
  const [before, setBefore] = useState<number | undefined>(undefined);
  const typing = draft !== null && draft.over === current;  // undo, a drag or a load replaces the value: show it
  const text = typing ? draft.text : stored.text;
  const reading = typing ? readNumber(draft.text, field) : null;
  const typedProblem = reading && !reading.ok ? reading.message : null;
  const keeps = reading && !reading.ok && current !== undefined && stored.problem === null
    ? ` (the node keeps ${current} until then)` : "";
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

  const step = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return false;
    const base = reading?.ok ? reading.value : current;
    if (base === undefined || !Number.isFinite(base)) return false;
    event.preventDefault();
    type(String(stepped(base, field, event.key === "ArrowUp" ? 1 : -1)));
    return true;
  };

  /** Undo what was typed since `begin`: the node's value from before the box opened (Escape). */
  const revert = () => {
    setDraft(null);
    if (before !== undefined && before !== current && numberProblem(before, field) === null) onChange(before);
  };

  return { stored, text, typedProblem, keeps, begin: () => setBefore(current), type, putBack: () => setDraft(null),
    revert, step };
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
