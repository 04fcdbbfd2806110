// Converts between the saved workflow document and the canvas's nodes and edges (both xyflow-shaped).

import type { DocEdge, DocGroup, DocNode, NodeSpec, WorkflowDocument } from "../../api/types";
import type { EditorEdge, EditorNode, FrameNode, StudioNode, StudioNodeData } from "../types";
import { isStudioNode } from "../types";

export const SCHEMA_VERSION = 1;

/** A saved position (a workflow written by hand may leave it out): the top left corner by default. */
const xy = (position?: Record<string, number> | null): { x: number; y: number } =>
  ({ x: position?.x ?? 0, y: position?.y ?? 0 });

export function studioNode(doc: DocNode): StudioNode {
  return {
    id: doc.id,
    type: "studio",
    position: xy(doc.position),
    data: { nodeType: doc.type, params: { ...doc.params }, ...nodeLook(doc) },
    ...(doc.parentId ? { parentId: doc.parentId } : {}),
  };
}

/** How a node is shown and whether it runs: only what differs from the default is kept (and saved). */
type NodeLook = Pick<StudioNodeData, "bypass" | "collapsed" | "title">;

function nodeLook(from: { bypass?: boolean | null; collapsed?: boolean | null; title?: string | null }): NodeLook {
  return {
    ...(from.bypass === true ? { bypass: true } : {}),
    ...(from.collapsed === true ? { collapsed: true } : {}),
    ...(typeof from.title === "string" && from.title.trim() ? { title: from.title.trim() } : {}),
  };
}

export function frameNode(group: DocGroup): FrameNode {
  return {
    id: group.id,
    type: "frame",
    position: xy(group.position),
    data: { title: group.title },
    width: group.width,
    height: group.height,
    style: { width: group.width, height: group.height },
    zIndex: -1,
  };
}

/** An edge's id: its own, or the one derived from its ends (source.handle-target.handle), as the server's
 * karate/collab/document.py derives it. */
export function docEdgeId(edge: DocEdge): string {
  if (typeof edge.id === "string" && edge.id) return edge.id;
  return `${edge.source}.${edge.sourceHandle ?? ""}-${edge.target}.${edge.targetHandle ?? ""}`;
}

/** `nodes`: the document's nodes, or a lookup of them by id (for many edges: a search each is quadratic). */
export function edgeOf(doc: DocEdge, specs?: Map<string, NodeSpec>,
  nodes?: DocNode[] | ReadonlyMap<string, DocNode>): EditorEdge {
  const find = (id: string) => (Array.isArray(nodes) ? nodes.find((n) => n.id === id) : nodes?.get(id));
  const source = find(doc.source);
  // the type the wire carries: its source's output, else (a source of an unknown type) its target's input
  const sourceSpec = source && specs?.get(source.type);
  const target = sourceSpec ? undefined : find(doc.target);
  const port = sourceSpec
    ? sourceSpec.outputs.find((p) => p.name === doc.sourceHandle)
    : target && specs?.get(target.type)?.inputs.find((p) => p.name === doc.targetHandle);
  return {
    id: docEdgeId(doc),
    source: doc.source,
    sourceHandle: doc.sourceHandle,
    target: doc.target,
    targetHandle: doc.targetHandle,
    ...(port ? { data: { portType: port.type } } : {}),
  };
}

/** Frames must precede their children in xyflow's node array. */
export function fromDocument(doc: WorkflowDocument, specs?: Map<string, NodeSpec>): {
  nodes: EditorNode[];
  edges: EditorEdge[];
} {
  const frames = (doc.groups ?? []).map(frameNode);
  const nodes = doc.nodes.map(studioNode);
  const byId = new Map(doc.nodes.map((node) => [node.id, node]));
  const edges = doc.edges.map((edge) => edgeOf(edge, specs, byId));
  return { nodes: [...frames, ...nodes], edges };
}

/** A studio node as the document saves it (position to a tenth of a pixel, only the look that differs). */
export function docNodeOf(node: StudioNode): DocNode {
  return {
    id: node.id,
    type: node.data.nodeType,
    params: node.data.params,
    position: { x: round(node.position.x), y: round(node.position.y) },
    ...(node.parentId ? { parentId: node.parentId } : {}),
    ...nodeLook(node.data),
  };
}

/** A frame as the document saves it: its size is the one measured on screen, else the one it was given. */
export function docGroupOf(node: FrameNode): DocGroup {
  return {
    id: node.id,
    title: node.data.title,
    position: { x: round(node.position.x), y: round(node.position.y) },
    width: round(node.measured?.width ?? node.width ?? 300),
    height: round(node.measured?.height ?? node.height ?? 200),
  };
}

/** An edge as the document saves it. */
export const docEdgeOf = (e: EditorEdge): DocEdge => ({
  id: e.id,
  source: e.source,
  sourceHandle: e.sourceHandle ?? null,
  target: e.target,
  targetHandle: e.targetHandle ?? null,
});

export function toDocument(nodes: EditorNode[], edges: EditorEdge[]): WorkflowDocument {
  const docNodes: DocNode[] = [];
  const groups: DocGroup[] = [];
  for (const node of nodes) {
    if (isStudioNode(node)) docNodes.push(docNodeOf(node));
    else groups.push(docGroupOf(node));
  }
  return {
    schema_version: SCHEMA_VERSION,
    nodes: docNodes,
    edges: edges.map(docEdgeOf),
    ...(groups.length ? { groups } : {}),
  };
}

/** The graph the engine runs: studio nodes with their bypass and name; frames and collapsing stay here. */
export function runnableDocument(nodes: EditorNode[], edges: EditorEdge[]): WorkflowDocument {
  const doc = toDocument(nodes, edges);
  return { schema_version: doc.schema_version,
    nodes: doc.nodes.map(({ parentId: _parent, collapsed: _collapsed, ...n }) => n),
    edges: doc.edges };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
