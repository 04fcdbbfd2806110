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
  nodeId: string;
  inputId: string;
  onChange(value: unknown): void;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled field kind: ${JSON.stringify(value)}`);
}

export function ParamField({ field, ...rest }: ParamFieldProps) {
  switch (field.kind) {
    case "slider": return <SliderField field={field} {...rest} />;
    case "number": return <NumberField field={field} {...rest} />;
    case "select": return <SelectField field={field} {...rest} />;
    case "textarea": return <TextareaField field={field} {...rest} />;
    case "text": return <TextField field={field} {...rest} />;
    case "color": return <ColorField field={field} {...rest} />;
    case "boolean": return <BooleanField field={field} {...rest} />;
    case "upload": return <UploadField field={field} {...rest} />;
    case "brush": return <BrushField field={field} {...rest} />;
    default: return assertNever(field);
  }
}
