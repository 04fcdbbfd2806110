// What a node's fields say beside themselves of their values (a text off its pattern, a number out of range), as
// the server says it: a run's problem with such a field is shown there, so the node's error box leaves it out.

import type { NodeSpec } from "../../api/types";
import { defaultParams, fieldsOf, isShown, type FieldDescriptor } from "../graph/schemaForm";
import { readStored } from "./numberText";
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

/** The problems the everyday fields (those a node shows, ParamForm) of a node of `spec` show beside themselves. */
export function problemsBesideFields(spec: NodeSpec, params: Record<string, unknown>): string[] {
  const defaults = defaultParams(spec.params_schema);
  return fieldsOf(spec.params_schema)
    .filter((field) => !field.advanced && isShown(field, params, defaults))
    .map((field) => fieldProblem(field, params[field.name] ?? defaults[field.name]))
    .filter((problem) => problem !== null);
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
