// Renders one parameter field by its kind; the switch is exhaustive, so a new kind cannot be forgotten.

import type { FieldDescriptor } from "../graph/schemaForm";
import { BooleanField } from "./BooleanField";
import { BrushField } from "./BrushField";
import { ColorField } from "./ColorField";
import { NumberField } from "./NumberField";
import { SelectField } from "./SelectField";
import { SliderField } from "./SliderField";
import { TextareaField, TextField } from "./TextField";
import { UploadField } from "./UploadField";

interface ParamFieldProps {
  field: FieldDescriptor;
  value: unknown;
  /** The node's parameters: an upload field shows the file's name its node keeps beside the file. */
  params?: Record<string, unknown>;
  nodeId: string;
  inputId: string;
  onChange(value: unknown, also?: Record<string, unknown>): void;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled field kind: ${JSON.stringify(value)}`);
}

export function ParamField({ field, params, ...rest }: ParamFieldProps) {
  switch (field.kind) {
    case "slider": return <SliderField field={field} {...rest} />;
    case "number": return <NumberField field={field} {...rest} />;
    case "select": return <SelectField field={field} {...rest} />;
    case "textarea": return <TextareaField field={field} {...rest} />;
    case "text": return <TextField field={field} {...rest} />;
    case "color": return <ColorField field={field} {...rest} />;
    case "boolean": return <BooleanField field={field} {...rest} />;
    case "upload": return <UploadField field={field} {...rest}
      fileName={field.nameParam ? params?.[field.nameParam] : undefined} />;
    case "brush": return <BrushField field={field} {...rest} />;
    case "file-name": return null;  // shown and set by the node's upload field (fieldsOf)
    default: return assertNever(field);
  }
}
