// Reads what a user typed into a number field, exactly as typed: a number in range, or a sentence that says
// which numbers the field takes (its range from the node's schema). Nothing typed is ever turned into another
// number: "-50" stays -50, "1e3" is 1000, "0.5" in a whole-number field is refused, not rounded. Digits typed with a
// Japanese or Chinese keyboard's full-width forms ("１２．５", "－３") are the same number (typedText).

import type { FieldDescriptor } from "../graph/schemaForm";

type NumberDescriptor = Extract<FieldDescriptor, { kind: "number" | "slider" }>;

/** A decimal number, optionally signed, with an optional exponent: "-50", ".5", "1e3", "2.5E-4". */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export type NumberReading = { ok: true; value: number } | { ok: false; message: string };

/** "a whole number from 0 to 4096", "a number at least 0", "a number": what the field takes, in words. */
export function takesInWords(field: NumberDescriptor): string {
  const noun = field.integer ? "a whole number" : "a number";
  if (field.min !== undefined && field.max !== undefined) return `${noun} from ${field.min} to ${field.max}`;
  if (field.min !== undefined) return `${noun} at least ${field.min}`;
  if (field.max !== undefined) return `${noun} at most ${field.max}`;
  return noun;
}

/** Why `value` does not fit the field, or null when it does. */
export function numberProblem(value: number, field: NumberDescriptor): string | null {
  const fits = Number.isFinite(value) && (!field.integer || Number.isInteger(value))
    && (field.min === undefined || value >= field.min) && (field.max === undefined || value <= field.max);
  return fits ? null : `${field.label} must be ${takesInWords(field)}`;
}

/** Digits grouped by commas in thousands: "1,000", "12,500,000". */
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+$/;

/** How to write `typed` as a number when it is one written with commas: "write 12.5, with a point" (a decimal
 * comma, in a field that takes fractions: a whole-number field would refuse 12.5 too), "write 1000, without
 * commas" (thousands); "" otherwise. */
function commaHint(typed: string, field: NumberDescriptor): string {
  if (THOUSANDS.test(typed)) return `: write ${typed.replaceAll(",", "")}, without commas`;
  const pointed = typed.replace(",", ".");
  return !field.integer && pointed !== typed && NUMBER_TEXT.test(pointed) ? `: write ${pointed}, with a point` : "";
}

/** What was typed, in the characters a number is written in: full-width digits, point, signs and comma (an East Asian
 * keyboard's, "１２．５", "－３") as their plain forms (Unicode NFKC), a minus sign (−) as "-", spaces around gone. */
export function typedText(text: string): string {
  return text.normalize("NFKC").replaceAll("\u2212", "-").trim();
}

/** The typed text as the field's value, or the sentence to show under the field. */
export const readNumber = (text: string, field: NumberDescriptor): NumberReading => readPlain(typedText(text), field);

/** `typed` (in plain characters, trimmed) as the field's value, or the sentence to show under the field. */
function readPlain(typed: string, field: NumberDescriptor): NumberReading {
  const takes = takesInWords(field);
  if (typed === "") return { ok: false, message: `Enter ${takes} for ${field.label}` };
  if (!NUMBER_TEXT.test(typed)) return { ok: false, message: `${field.label} must be ${takes}; `
    + `"${typed}" is not a number${commaHint(typed, field)}` };
  const value = Number(typed);
  if (!Number.isFinite(value)) {
    const beyond = value > 0 ? `too large for ${field.label}` : `too far below zero for ${field.label}`;
    // a field without bounds has none to name: what to type instead, not only that it "takes a number"
    const bounded = field.min !== undefined || field.max !== undefined;
    const fix = bounded ? `, which takes ${takes}`
      : `; enter ${value > 0 ? `a smaller ${field.integer ? "whole number" : "number"}` : "one nearer zero"}`;
    return { ok: false, message: `${typed} is ${beyond}${fix}` };
  }
  const problem = numberProblem(value, field);
  return problem === null ? { ok: true, value } : { ok: false, message: problem };
}

/** A value the graph holds for a number field, as the field shows it: the text of what is stored, the number it is
 * (undefined when it is none) and what is wrong with it in words (null when nothing is). */
export interface StoredNumber { text: string; number: number | undefined; problem: string | null }

/** `value` as its field shows it. A file, the API or an old version may hold any JSON there: text the server reads
 * as a number ("5") is that number; anything else is shown as it is, flagged, never as some other number. A value
 * left out (undefined) is none and says nothing. */
export function readStored(value: unknown, field: NumberDescriptor): StoredNumber {
  if (value === undefined) return { text: "", number: undefined, problem: null };
  if (typeof value === "number") return { text: String(value), number: value, problem: numberProblem(value, field) };
  if (typeof value !== "string") {
    const text = JSON.stringify(value) ?? typeof value;
    return { text, number: undefined, problem: `${field.label} must be ${takesInWords(field)}; ${text} is not a number` };
  }
  // as the server reads it: what a keyboard typed was made plain before it was stored (a file may hold "１２")
  const reading = readPlain(value.trim(), field);
  if (reading.ok) return { text: value, number: reading.value, problem: null };
  const number = NUMBER_TEXT.test(value.trim()) ? Number(value) : Number.NaN;  // out of range, but a number
  return { text: value, number: Number.isFinite(number) ? number : undefined, problem: reading.message };
}

/** One step up or down from `value` (ArrowUp / ArrowDown), kept in the field's range, without float dust. */
export function stepped(value: number, field: NumberDescriptor, direction: 1 | -1): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(field.step)) + 1);
  let next = Number((value + direction * field.step).toFixed(Math.min(decimals, 12)));
  if (field.min !== undefined) next = Math.max(field.min, next);
  if (field.max !== undefined) next = Math.min(field.max, next);
  return next;
}
