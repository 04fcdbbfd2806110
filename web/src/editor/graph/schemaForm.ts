// Turns a node's JSON schema into form fields: one descriptor per parameter, in schema order.

import type { ParamSchema, ParamsSchema, UiHint } from "../../api/types";

export interface FieldBase {
  name: string;
  label: string;
  description: string;
  advanced: boolean;
  /** Shown only while each parameter named has one of its values (a quality only JPEG and WebP use). */
  visibleWhen?: VisibleWhen;
}

/** The schema's `visible_when`: parameter name → the values for which the field means something. */
export type VisibleWhen = NonNullable<ParamSchema["visible_when"]>;

export type FieldDescriptor =
  | (FieldBase & { kind: "slider"; min: number; max: number; step: number; integer: boolean })
  | (FieldBase & { kind: "number"; min?: number; max?: number; step: number; integer: boolean })
  | (FieldBase & { kind: "select"; options: Array<string | number>; labels?: string[] })
  | (FieldBase & { kind: "textarea"; maxLength?: number })
  | (FieldBase & { kind: "text"; maxLength?: number; pattern?: string; patternMessage?: string;
      placeholder?: string })
  | (FieldBase & { kind: "color" })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "upload"; accept: UploadMedia; nameParam: string | null })
  | (FieldBase & { kind: "brush" })
  // The name of the file the node's upload field holds: `fieldsOf` hands it to that field, never shown alone.
  | (FieldBase & { kind: "file-name" });

/** What an upload field takes: the media type's first part. */
export type UploadMedia = "image" | "video" | "audio";

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
    ...(schema.visible_when ? { visibleWhen: schema.visible_when } : {}),
  };
  return schema.ui ? hintedField(schema.ui, base, schema) : plainField(base, schema);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled UI hint: ${JSON.stringify(value)}`);
}

/** The widget for each UI hint the server sends; the switch is exhaustive, so a hint the server adds
 * without a widget here fails the type check instead of falling back to a text box. */
export function hintedField(hint: UiHint, base: FieldBase, schema: ParamSchema): FieldDescriptor {
  switch (hint) {
    case "image-upload": return { ...base, kind: "upload", accept: "image", nameParam: null };
    case "video-upload": return { ...base, kind: "upload", accept: "video", nameParam: null };
    case "audio-upload": return { ...base, kind: "upload", accept: "audio", nameParam: null };
    case "brush": return { ...base, kind: "brush" };
    case "file-name": return { ...base, kind: "file-name" };
    case "color": return schema.enum ? plainField(base, schema) : { ...base, kind: "color" };
    case "textarea": return schema.enum ? plainField(base, schema)
      : { ...base, kind: "textarea", maxLength: schema.maxLength };
    case "slider": case "select": return plainField(base, schema);
    default: return assertNever(hint);
  }
}

/** A field without a hint (or whose hint only refines it: slider, select): by its JSON type. */
function plainField(base: FieldBase, schema: ParamSchema): FieldDescriptor {
  if (schema.enum) return selectField(base, schema);
  if (schema.type === "boolean") return { ...base, kind: "boolean" };
  if (schema.type === "number" || schema.type === "integer") return numberField(base, schema);
  const example = schema.examples?.find((value) => typeof value === "string");
  // "e.g.": an empty field's grey text is an example, not a value the node will use
  return { ...base, kind: "text", maxLength: schema.maxLength, pattern: schema.pattern,
    patternMessage: schema.pattern_message, placeholder: typeof example === "string" ? `e.g. ${example}` : undefined };
}

/** A choice: its values, and how each reads in the menu when the server words them (`enum_labels`: "PNG" for png). */
function selectField(base: FieldBase, schema: ParamSchema): FieldDescriptor {
  const options = schema.enum ?? [];
  const labels = schema.enum_labels?.length === options.length ? schema.enum_labels : undefined;
  return { ...base, kind: "select", options, ...(labels ? { labels } : {}) };
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

/** Whether `field` means something with the node's `params` (its schema's `visible_when`): a field that does not is
 * left out of the form, its value kept. A parameter left out of `params` counts at `defaults`' value. */
export function isShown(field: FieldDescriptor, params: Record<string, unknown>,
  defaults: Record<string, unknown> = {}): boolean {
  return Object.entries(field.visibleWhen ?? {}).every(([name, values]) =>
    (values as unknown[]).includes(params[name] ?? defaults[name]));
}

export function fieldsOf(schema: ParamsSchema | undefined): FieldDescriptor[] {
  if (!schema?.properties) return [];
  const fields = Object.entries(schema.properties).map(([name, field]) => describeField(name, field));
  const nameParam = uploadNameParam(schema);
  return fields.filter((field) => field.kind !== "file-name")
    .map((field) => (field.kind === "upload" ? { ...field, nameParam } : field));
}

/** The parameter an upload node keeps its file's name in, beside the file's id (hint `file-name`,
 * karate/nodes/inputs/assets.py): the name belongs to the node, so one file dropped on two nodes under two names keeps
 * both. Null for a node without one (a Save node's `filename` is a field of its own). */
export function uploadNameParam(schema: ParamsSchema | undefined): string | null {
  const named = Object.entries(schema?.properties ?? {}).find(([, field]) => field.ui === "file-name");
  return named ? named[0] : null;
}

/** The parameters a new node starts with: every schema default. */
export function defaultParams(schema: ParamsSchema | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema?.properties ?? {})) {
    if (field.default !== undefined) params[name] = field.default;
  }
  return params;
}
