// Pure graph edits (no React, no store): copy with fresh ids, connect (also from a dragged handle to a new
// node's fitting port), group and ungroup.

import type { Connection, XYPosition } from "@xyflow/react";
import type { NodeSpec, PortSpec } from "../../api/types";
import type { EditorEdge, EditorNode, FrameNode, GraphSnapshot, PortOrigin } from "../types";
import { isStudioNode } from "../types";
import { edgeId, nextNodeId } from "./ids";
import { shownTitle } from "./nodeNames";
import { connectionProblem } from "./ports";

/** The selected nodes plus the edges that run between them. */
export function extract(nodes: EditorNode[], edges: EditorEdge[], ids: Set<string>): GraphSnapshot {
  const picked = nodes.filter((n) => ids.has(n.id) || (n.parentId !== undefined && ids.has(n.parentId)));
  const pickedIds = new Set(picked.map((n) => n.id));
  return {
    nodes: picked,
    edges: edges.filter((e) => pickedIds.has(e.source) && pickedIds.has(e.target)),
  };
}

/** A copy of `part` with new ids, moved by `offset`, ready to be added to `existing`. */
export function cloneWithNewIds(part: GraphSnapshot, existing: EditorNode[], offset: XYPosition): GraphSnapshot {
  const taken = existing.map((n) => n.id);
  const renamed = new Map<string, string>();
  for (const node of part.nodes) {
    const id = nextNodeId(isStudioNode(node) ? node.data.nodeType : "group", taken);
    taken.push(id);
    renamed.set(node.id, id);
  }
  const nodes = part.nodes.map((node): EditorNode => {
    const parentId = node.parentId ? renamed.get(node.parentId) : undefined;
    const moved = parentId ? node.position : { x: node.position.x + offset.x, y: node.position.y + offset.y };
    const copy = { ...node, id: renamed.get(node.id)!, position: moved, selected: true, parentId };
    if (!parentId) delete copy.parentId;
    return isStudioNode(node) ? { ...copy, type: "studio", data: structuredClone(node.data) } : copy;
  });
  const edges = part.edges.map((edge) => {
    const next = { ...edge, source: renamed.get(edge.source)!, target: renamed.get(edge.target)!, selected: false };
    return { ...next, id: edgeId(next) };
  });
  return { nodes, edges };
}

export type ConnectResult = { edges: EditorEdge[] } | { problem: string };
export type ConnectionCheck = { problem: string } | { output: PortSpec; input: PortSpec };

/** The endpoints of a connection; xyflow's `Connection` and `Edge` both fit. */
export interface Endpoints {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Add a connection if the port types fit; a single-value input keeps only its newest edge. */
export function connect(
  connection: Connection,
  nodes: EditorNode[],
  edges: EditorEdge[],
  specs: Map<string, NodeSpec>,
): ConnectResult {
  const check = checkConnection(connection, nodes, specs);
  if ("problem" in check) return check;
  const kept = check.input.list ? edges : edges.filter(
    (e) => !(e.target === connection.target && e.targetHandle === connection.targetHandle));
  const edge: EditorEdge = { ...connection, id: edgeId(connection), data: { portType: check.output.type } };
  if (kept.some((e) => e.id === edge.id)) return { edges: kept };
  return { edges: [...kept, edge] };
}

export function checkConnection(
  connection: Endpoints,
  nodes: EditorNode[],
  specs: Map<string, NodeSpec>,
): ConnectionCheck {
  const source = nodes.find((n) => n.id === connection.source);
  const target = nodes.find((n) => n.id === connection.target);
  if (!source || !target || !isStudioNode(source) || !isStudioNode(target)) {
    return { problem: "Connect an output handle to an input handle" };
  }
  if (source.id === target.id) return { problem: "A node can't feed itself" };
  const output = specs.get(source.data.nodeType)?.outputs.find((p) => p.name === connection.sourceHandle);
  const input = specs.get(target.data.nodeType)?.inputs.find((p) => p.name === connection.targetHandle);
  if (!output || !input) return { problem: "Connect an output handle to an input handle" };
  const problem = connectionProblem(output, input, { from: shownTitle(source, specs), to: shownTitle(target, specs) });
  return problem ? { problem } : { output, input };
}

/** The port a connection was dragged from. */
export function originPort(origin: PortOrigin, nodes: EditorNode[], specs: Map<string, NodeSpec>): PortSpec | null {
  const node = nodes.find((n) => n.id === origin.nodeId);
  const spec = node && isStudioNode(node) ? specs.get(node.data.nodeType) : undefined;
  const ports = origin.handleType === "source" ? spec?.outputs : spec?.inputs;
  return ports?.find((p) => p.name === origin.handleId) ?? null;
}

/** The first port of a `spec` node that a connection dragged from `from` can join: an input that takes an
 * output, or an output that feeds an input; null when none fits. */
export function fittingPort(from: PortSpec, fromOutput: boolean, spec: NodeSpec): PortSpec | null {
  const candidates = fromOutput ? spec.inputs : spec.outputs;
  return candidates.find((port) =>
    (fromOutput ? connectionProblem(from, port) : connectionProblem(port, from)) === null) ?? null;
}

/** The connection between the dragged-from handle and a new node's fitting port, oriented output → input. */
export function connectionTo(origin: PortOrigin, nodeId: string, port: PortSpec): Connection {
  return origin.handleType === "source"
    ? { source: origin.nodeId, sourceHandle: origin.handleId, target: nodeId, targetHandle: port.name }
    : { source: nodeId, sourceHandle: port.name, target: origin.nodeId, targetHandle: origin.handleId };
}

const FRAME_PADDING = 40;

/** Wrap the given top-level nodes in a new frame; children move to frame-relative positions. */
export function group(nodes: EditorNode[], ids: Set<string>, title = "Group"): EditorNode[] {
  const members = nodes.filter((n) => ids.has(n.id) && isStudioNode(n) && !n.parentId);
  if (members.length === 0) return nodes;
  const box = members.reduce(
    (acc, n) => ({
      minX: Math.min(acc.minX, n.position.x), minY: Math.min(acc.minY, n.position.y),
      maxX: Math.max(acc.maxX, n.position.x + (n.measured?.width ?? 240)),
      maxY: Math.max(acc.maxY, n.position.y + (n.measured?.height ?? 120)),
    }),
    { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity },
  );
  const id = nextNodeId("group", nodes.map((n) => n.id));
  const position = { x: box.minX - FRAME_PADDING, y: box.minY - FRAME_PADDING * 1.5 };
  const width = box.maxX - box.minX + FRAME_PADDING * 2;
  const height = box.maxY - box.minY + FRAME_PADDING * 2.5;
  const frame: FrameNode = {
    id, type: "frame", position, data: { title }, width, height, style: { width, height }, zIndex: -1,
  };
  const memberIds = new Set(members.map((m) => m.id));
  const rest = nodes.map((n) => memberIds.has(n.id)
    ? { ...n, parentId: id, selected: false,
        position: { x: n.position.x - position.x, y: n.position.y - position.y } }
    : n);
  return [frame, ...rest];
}

/** Remove a frame, putting its children back at absolute positions. */
export function ungroup(nodes: EditorNode[], frameId: string): EditorNode[] {
  const frame = nodes.find((n) => n.id === frameId);
  if (!frame) return nodes;
  return nodes
    .filter((n) => n.id !== frameId)
    .map((n) => {
      if (n.parentId !== frameId) return n;
      const { parentId: _parent, ...rest } = n;
      const position = { x: n.position.x + frame.position.x, y: n.position.y + frame.position.y };
      return { ...rest, position };
    });
}

/** Where a node sits on the canvas, following its parent frame. */
export function absolutePosition(node: EditorNode, nodes: EditorNode[]): XYPosition {
  const parent = node.parentId ? nodes.find((n) => n.id === node.parentId) : undefined;
  return parent ? { x: node.position.x + parent.position.x, y: node.position.y + parent.position.y } : node.position;
}
