// A node of a type this studio does not know (a misspelt type in a hand-written file) replaced in place by a known
// type: which of its parameters and wires the new type can keep. Pure: the node writes the result to the document.

import type { NodeSpec } from "../../api/types";
import type { EditorEdge } from "../types";
import { defaultParams } from "./schemaForm";

export interface TypeReplacement {
  /** The node's parameters under its new type: the type's defaults, under the old values of those it declares. */
  params: Record<string, unknown>;
  /** The ids of the node's wires the new type has no port for (or, into a port taking one wire, all but the last). */
  droppedEdges: string[];
}

/** What node `nodeId`, with `params` and wired by `edges`, keeps when it becomes a `spec` node: the parameters
 * `spec` declares (the others are dropped), and each wire whose port name `spec` has on that side (an input by the
 * wire's `targetHandle`, an output by its `sourceHandle`). An input that takes one wire keeps the last, as
 * connecting a second one would. */
export function replaceType(nodeId: string, params: Readonly<Record<string, unknown>>,
  edges: readonly EditorEdge[], spec: NodeSpec): TypeReplacement {
  const declared = spec.params_schema.properties ?? {};
  const kept = Object.fromEntries(Object.entries(params).filter(([name]) => name in declared));
  const inputs = new Map(spec.inputs.map((port) => [port.name, port]));
  const outputs = new Set(spec.outputs.map((port) => port.name));
  const dropped: string[] = [];
  const lastInto = new Map<string, string>();  // a single input's port name -> the wire it keeps
  for (const edge of edges) {
    if (edge.target === nodeId) {
      const input = edge.targetHandle ? inputs.get(edge.targetHandle) : undefined;
      if (!input) dropped.push(edge.id);
      else if (!input.list) {
        const earlier = lastInto.get(input.name);
        if (earlier) dropped.push(earlier);
        lastInto.set(input.name, edge.id);
      }
    } else if (edge.source === nodeId && !(edge.sourceHandle && outputs.has(edge.sourceHandle))) {
      dropped.push(edge.id);
    }
  }
  return { params: { ...defaultParams(spec.params_schema), ...kept }, droppedEdges: dropped };
}
