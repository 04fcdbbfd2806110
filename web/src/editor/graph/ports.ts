// Port types: which connections are allowed (the server's table, GET /api/v1/nodes `connections`, the same
// rule the engine checks), the colour each type wears on the canvas, and which outputs a node shows results of.

import { portConnections } from "../../api/nodes";
import type { NodeSpec, PortConnection, PortSpec, PortType } from "../../api/types";

type Kind = Pick<PortSpec, "type" | "list">;

const key = (output: Kind, input: Kind): string =>
  `${output.type}${output.list ? "[]" : ""}>${input.type}${input.list ? "[]" : ""}`;

let indexed: readonly PortConnection[] | null = null;
let allowed = new Set<string>();

/** The loaded table as a set of pairings, rebuilt only when a new table is loaded. */
function allowedPairs(): Set<string> {
  const table = portConnections();
  if (table !== indexed) {
    indexed = table;
    allowed = new Set(table.map((c) => key({ type: c.source, list: c.source_list }, { type: c.target, list: c.target_list })));
  }
  return allowed;
}

/** The nodes a connection joins, as the user calls them (graph/nodeNames), for its problem's words. */
export interface Joined {
  from: string;
  to: string;
}

/** Why `output` cannot feed `input`, or `null` when the server's table allows the connection; in words naming
 * `joined`'s nodes when given: "Prompt's text output can't feed Blur's mask input: connect it to a text input". */
export function connectionProblem(output: PortSpec, input: PortSpec, joined?: Joined): string | null {
  const pairs = allowedPairs();
  if (pairs.has(key(output, input))) return null;
  if (pairs.size === 0) return "The studio has not loaded its port rules yet; reload the page";
  const from = describe(output, "output", joined?.from);
  const to = describe(input, "input", joined?.to);
  if (output.list && !input.list && pairs.has(key({ ...output, list: false }, input))) {
    return `${capital(to)} takes one ${input.type}, but ${from} gives a list`;
  }
  const fits = [...new Set(portConnections().filter((c) => c.source === output.type && c.source_list === output.list)
    .map((c) => c.target))];
  return `${capital(from)} can't feed ${to}: connect it to ${listed(fits)} input`;
}

/** "Blur's mask input", or "Flux's clip output (video)" where the port's name does not say its type. */
function describe(port: PortSpec, side: "input" | "output", node?: string): string {
  const kind = `${port.type}${port.list ? " list" : ""}`;
  const own = node ? `${node}'s` : "the";
  return `${own} ${port.name} ${side}${port.name === port.type && !port.list ? "" : ` (${kind})`}`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const listed = (types: PortType[]): string =>
  types.length <= 1 ? `a ${types[0] ?? "matching"}` : `a ${types.slice(0, -1).join(", ")} or ${types.at(-1)}`;

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

const VALUE_PORTS = new Set<PortType>(["text", "number", "boolean"]);

/** The output ports whose results a node shows in its frames: all of them, but an input's values only repeat its
 * fields. */
export function resultPorts(spec: NodeSpec): PortSpec[] {
  const isInput = spec.category.startsWith("inputs");
  return spec.outputs.filter((port) => !(isInput && VALUE_PORTS.has(port.type)));
}
