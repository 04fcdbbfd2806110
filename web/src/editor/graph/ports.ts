// Port types: which connections are allowed, and the colour each type wears on the canvas.

import type { PortSpec, PortType } from "../../api/types";

/** Types a value may be converted to when it flows into another type of input. */
const WIDENS_TO: Partial<Record<PortType, PortType[]>> = {
  mask: ["image"],
  number: ["text"],
  boolean: ["number"],
};

/** Why `output` cannot feed `input`, or `null` when the connection is allowed. */
export function connectionProblem(output: PortSpec, input: PortSpec): string | null {
  if (output.list && !input.list) {
    return `${input.name} takes one ${input.type}, but ${output.name} gives a list`;
  }
  if (output.type === input.type || WIDENS_TO[output.type]?.includes(input.type)) return null;
  return `${describe(output)} can't feed ${describe(input)}: connect it to a ${output.type} input`;
}

function describe(port: PortSpec): string {
  return `${port.type}${port.list ? " list" : ""} “${port.name}”`;
}

export const PORT_COLORS: Record<PortType, string> = {
  text: "#f59e0b",
  number: "#22c55e",
  boolean: "#14b8a6",
  image: "#6366f1",
  mask: "#a855f7",
  video: "#ec4899",
  audio: "#06b6d4",
  mesh: "#f97316",
  vector: "#84cc16",
};

export const portColor = (type: PortType): string => PORT_COLORS[type] ?? "#94a3b8";
