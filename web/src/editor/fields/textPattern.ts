// Whether typed text fits a text parameter's pattern, read as the server reads it: the server's regular expressions
// are Unicode-aware (`\w` takes "é" and "ß", `\d` any digit), JavaScript's `\w` and `\d` are ASCII, so these two
// are widened to the same Unicode classes before the pattern is compiled.

import type { FieldDescriptor } from "../graph/schemaForm";

type TextDescriptor = Extract<FieldDescriptor, { kind: "text" }>;

/** What the server's `\w` takes: letters, marks, digits, connector punctuation (`_`) and joiners. */
const WORD = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}";
const DIGIT = "\\p{Nd}";

const compiled = new Map<string, RegExp | null>();

/** `pattern` as a JavaScript expression that takes what the server's does; null for one it can't compile (the
 * check before a run still reads it). */
export function serverPattern(pattern: string): RegExp | null {
  const known = compiled.get(pattern);
  if (known !== undefined) return known;
  let source = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === "\\" && i + 1 < pattern.length) {
      const escaped = pattern[++i];
      const wide = escaped === "w" ? WORD : escaped === "d" ? DIGIT : null;
      source += wide === null ? char + escaped : inClass ? wide : `[${wide}]`;
      continue;
    }
    if (char === "[" && !inClass) inClass = true;
    else if (char === "]" && inClass) inClass = false;
    source += char;
  }
  let expression: RegExp | null;
  try {
    expression = new RegExp(source, "u");
  } catch {
    expression = null;
  }
  compiled.set(pattern, expression);
  return expression;
}

/** What the server would say of `text` in `field` (its schema's `pattern_message`), or null when it fits; empty
 * text is not judged here (nothing typed yet: the check before a run says what is missing). */
export function patternProblem(text: string, field: TextDescriptor): string | null {
  if (!text || !field.pattern) return null;
  const expression = serverPattern(field.pattern);
  if (!expression || expression.test(text)) return null;
  return field.patternMessage ?? `${field.label} is not written the way this field takes`;
}
