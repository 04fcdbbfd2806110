import type { FieldDescriptor } from "../graph/schemaForm";

/** What every parameter field receives: its descriptor, current value and a way to change it. */
export interface FieldProps<K extends FieldDescriptor["kind"]> {
  field: Extract<FieldDescriptor, { kind: K }>;
  value: unknown;
  /** The node whose parameter this is (a brush paints on what arrives at that node). */
  nodeId: string;
  inputId: string;
  /** `also`: other parameters that change with it, in the same step (an upload's file name with its id). */
  onChange(value: unknown, also?: Record<string, unknown>): void;
}
