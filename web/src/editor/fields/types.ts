import type { FieldDescriptor } from "../graph/schemaForm";

/** What every parameter field receives: its descriptor, current value and a way to change it. */
export interface FieldProps<K extends FieldDescriptor["kind"]> {
  field: Extract<FieldDescriptor, { kind: K }>;
  value: unknown;
  /** The node whose parameter this is (a brush paints on what arrives at that node). */
  nodeId: string;
  inputId: string;
  onChange(value: unknown): void;
}
