// Turns a node's JSON schema into form fields: one descriptor per parameter, in schema order.

import type { ParamSchema, ParamsSchema } from "../../api/types";

interface FieldBase {
  name: string;
  label: string;
  description: string;
  advanced: boolean;
}

export type FieldDescriptor =
  | (FieldBase & { kind: "slider"; min: number; max: number; step: number; integer: boolean })
  | (FieldBase & { kind: "number"; min?: number; max?: number; step: number; integer: boolean })
  | (FieldBase & { kind: "select"; options: Array<string | number> })
  | (FieldBase & { kind: "textarea"; maxLength?: number })
  | (FieldBase & { kind: "text"; maxLength?: number; pattern?: string })
  | (FieldBase & { kind: "color" })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "upload"; accept: "image" | "video" });

export type FieldKind = FieldDescriptor["kind"];

/** Nullable fields (`anyOf: [X, null]`) are described by their non-null branch. */
function unwrap(schema: ParamSchema): ParamSchema {
  const branch = schema.anyOf?.find((option) => option.type && option.type !== ("null" as string));
  return branch ? { ...branch, ...schema, anyOf: undefined, type: branch.type } : schema;
}

function labelOf(name: string, schema: ParamSchema): string {
  return schema.title ?? name.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function describeField(name: string, raw: ParamSchema): FieldDescriptor {
  const schema = unwrap(raw);
  const base: FieldBase = {
    name,
    label: labelOf(name, schema),
    description: schema.description ?? "",
    advanced: schema.advanced === true,
  };
  if (schema.ui === "image-upload" || schema.ui === "video-upload") {
    return { ...base, kind: "upload", accept: schema.ui === "image-upload" ? "image" : "video" };
  }
  if (schema.enum) return { ...base, kind: "select", options: schema.enum };
  if (schema.ui === "color") return { ...base, kind: "color" };
  if (schema.type === "boolean") return { ...base, kind: "boolean" };
  if (schema.type === "number" || schema.type === "integer") return numberField(base, schema);
  if (schema.ui === "textarea") return { ...base, kind: "textarea", maxLength: schema.maxLength };
  return { ...base, kind: "text", maxLength: schema.maxLength, pattern: schema.pattern };
}

function numberField(base: FieldBase, schema: ParamSchema): FieldDescriptor {
  const integer = schema.type === "integer";
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  const step = schema.step ?? (integer ? 1 : defaultStep(min, max));
  if (schema.ui === "slider" && min !== undefined && max !== undefined) {
    return { ...base, kind: "slider", min, max, step, integer };
  }
  return { ...base, kind: "number", min, max, step, integer };
}

function defaultStep(min?: number, max?: number): number {
  if (min === undefined || max === undefined) return 0.1;
  const span = max - min;
  return span <= 2 ? 0.01 : span <= 20 ? 0.1 : 1;
}

export function fieldsOf(schema: ParamsSchema | undefined): FieldDescriptor[] {
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).map(([name, field]) => describeField(name, field));
}

/** The parameters a new node starts with: every schema default. */
export function defaultParams(schema: ParamsSchema | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema?.properties ?? {})) {
    if (field.default !== undefined) params[name] = field.default;
  }
  return params;
}
