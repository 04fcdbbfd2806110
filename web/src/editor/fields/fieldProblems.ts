// What a node's fields say beside themselves of their values (a text off its pattern, a number out of range), as
// the server says it: a run's problem with such a field is shown there, so the node's error box leaves it out.

import type { NodeSpec } from "../../api/types";
import { defaultParams, fieldsOf, isShown, type FieldDescriptor } from "../graph/schemaForm";
import { readStored, takesInWords } from "./numberText";
import { patternProblem } from "./textPattern";

/** What `field` says beside itself of `value`, or null when it says nothing. */
export function fieldProblem(field: FieldDescriptor, value: unknown): string | null {
  switch (field.kind) {
    case "text":
      return typeof value === "string" ? patternProblem(value, field) : null;
    case "number":
    case "slider":
      return readStored(value, field).problem;
    default:
      return null;
  }
}

/** The problems the everyday fields (those a node shows, ParamForm) of a node of `spec` show beside themselves, each
 * also as the server words it where its words differ: a number field says more than the server of a value that is no
 * number ("Radius must be a number from 0 to 200; "abc" is not a number"), and its node said the refusal twice. */
export function problemsBesideFields(spec: NodeSpec, params: Record<string, unknown>): string[] {
  const defaults = defaultParams(spec.params_schema);
  return fieldsOf(spec.params_schema)
    .filter((field) => !field.advanced && isShown(field, params, defaults))
    .flatMap((field) => {
      const problem = fieldProblem(field, params[field.name] ?? defaults[field.name]);
      if (problem === null) return [];
      const asServerSays = field.kind === "number" || field.kind === "slider"
        ? `${field.label} must be ${takesInWords(field)}` : problem;
      return asServerSays === problem ? [problem] : [problem, asServerSays];
    });
}

/** `error` (a node's problems, joined by "; " as the server joins them) without those in `shown`; "" when it
 * says nothing else. */
export function withoutProblems(error: string, shown: readonly string[]): string {
  let rest = error;
  for (const problem of shown) {
    rest = rest === problem ? "" : rest.replace(`${problem}; `, "").replace(`; ${problem}`, "");
  }
  return rest;
}
