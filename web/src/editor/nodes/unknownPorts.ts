// The ports a node of a type this studio does not know draws (those its wires use, as the wires name them) and how it
// says to replace it.

import type { NodeSpec } from "../../api/types";
import { closestSpec } from "../graph/unknownType";
import type { EditorEdge, EditorNode } from "../types";
import type { ShownPort } from "./PortHandles";

export interface WiredPorts {
  inputs: ShownPort[];
  outputs: ShownPort[];
}

/** What a wired port of an unknown node says on hover. */
const WIRED = "Wired in the project; this studio does not know this node's ports";

/** The ports node `nodeId`'s wires use, each once, in the wires' order: inputs from the wires into it (their
 * `targetHandle`), outputs from those out of it (`sourceHandle`). A port's type is the one at the wire's other end
 * when that node's type is known (the colour the wire wears there), else null. */
export function wiredPorts(nodeId: string, edges: readonly EditorEdge[], nodes: readonly EditorNode[],
  specs: ReadonlyMap<string, NodeSpec>): WiredPorts {
  const ports: WiredPorts = { inputs: [], outputs: [] };
  for (const edge of edges) {
    const isInput = edge.target === nodeId;
    if (!isInput && edge.source !== nodeId) continue;
    const name = isInput ? edge.targetHandle : edge.sourceHandle;
    const side = isInput ? ports.inputs : ports.outputs;
    if (!name || side.some((port) => port.name === name)) continue;
    const other = nodes.find((node) => node.id === (isInput ? edge.source : edge.target));
    const spec = other?.type === "studio" ? specs.get(other.data.nodeType) : undefined;
    const peer = (isInput ? spec?.outputs : spec?.inputs)?.find((port) =>
      port.name === (isInput ? edge.sourceHandle : edge.targetHandle));
    side.push({ name, type: peer?.type ?? null, list: peer?.list ?? false, required: true, description: WIRED });
  }
  return ports;
}

/** How to replace a wired unknown node: with the known type it may have meant (`closestSpec`), else another. */
export function replaceWords(typeId: string, specs: ReadonlyMap<string, NodeSpec>): string {
  const meant = closestSpec(typeId, specs)?.title;
  return `To replace it, add ${meant ?? "a node"} from the palette, connect it where this node's wires go, then `
    + "select this one and press Delete.";
}
