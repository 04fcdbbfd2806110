// The nodes last copied, kept in this browser too, so they paste into another project (opened in this tab, or in
// another tab) as ComfyUI and Figma allow. Not the system clipboard: reading that asks the user for permission.

import type { NodeSpec, WorkflowDocument } from "../../api/types";
import { fromDocument, toDocument } from "../graph/document";
import { isRecord } from "../notAWorkflow";
import { isStudioNode, type GraphSnapshot } from "../types";

export const COPIED_NODES_KEY = "karate.copiedNodes";
/** Bumped when what is stored changes shape: an entry of another version is ignored. */
export const COPIED_NODES_VERSION = 1;

/** Keep `part` (nodes, frames, the edges between them) as the nodes this browser last copied. */
export function storeCopiedNodes(part: GraphSnapshot): void {
  const { nodes, edges, groups } = toDocument(part.nodes, part.edges);
  try {
    localStorage.setItem(COPIED_NODES_KEY, JSON.stringify({ version: COPIED_NODES_VERSION, nodes, edges, groups }));
  } catch {
    // storage full or refused (private browsing): the copy still pastes in this project
  }
}

/** The nodes this browser last copied, as the canvas draws them, less those of types this studio does not have (what
 * the user is told of them: `notice`); null when none are stored, or what is stored is not such a copy (malformed, or
 * of another version). */
export function readCopiedNodes(specsByType: Map<string, NodeSpec>):
  { part: GraphSnapshot; notice: string | null } | null {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(COPIED_NODES_KEY) ?? "null");
  } catch {
    return null;
  }
  if (!isRecord(stored) || stored.version !== COPIED_NODES_VERSION) return null;
  const { nodes, edges, groups = [] } = stored;
  if (!Array.isArray(nodes) || !nodes.every(isNode) || !Array.isArray(edges) || !edges.every(isEdge)
    || !Array.isArray(groups) || !groups.every(isGroup) || nodes.length + groups.length === 0) return null;
  const ids = new Set([...nodes, ...groups].map((n) => n.id));
  if (ids.size !== nodes.length + groups.length || !nodes.every((n) => !n.parentId || ids.has(n.parentId))
    || !edges.every((e) => ids.has(e.source) && ids.has(e.target))) return null;
  return withKnownTypes(fromDocument({ schema_version: 1, nodes, edges, groups }, specsByType),
    specsByType);
}

/** `part` without the nodes of types this studio does not have (and their edges), and what the user is told of
 * them, if any were left out. */
function withKnownTypes(part: GraphSnapshot, specsByType: Map<string, NodeSpec>):
  { part: GraphSnapshot; notice: string | null } {
  const unknown = part.nodes.filter((n) => isStudioNode(n) && !specsByType.has(n.data.nodeType));
  if (unknown.length === 0) return { part, notice: null };
  const left = new Set(unknown.map((n) => n.id));
  return {
    part: { nodes: part.nodes.filter((n) => !left.has(n.id)),
      edges: part.edges.filter((e) => !left.has(e.source) && !left.has(e.target)) },
    notice: leftOutNotice(unknown.length, [...new Set(unknown.map((n) => (isStudioNode(n) ? n.data.nodeType : "")))]),
  };
}

/** What a user is told when a paste leaves nodes out, and what to do about it. */
function leftOutNotice(count: number, unknownTypes: string[]): string {
  const nodes = count === 1 ? "1 copied node" : `${count} copied nodes`;
  const types = unknownTypes.map((t) => `“${t}”`).join(", ");
  const [kind, them] = unknownTypes.length === 1 ? ["node type", "it"] : ["node types", "them"];
  return `Left out ${nodes}: this studio has no ${kind} ${types}. Install ${them} here and paste again, or paste `
    + `into a studio that has ${them}.`;
}

const isPosition = (value: unknown): boolean =>
  isRecord(value) && Number.isFinite(value.x) && Number.isFinite(value.y);

const isOptional = (value: unknown, type: "string" | "boolean"): boolean =>
  value === undefined || value === null || typeof value === type;

function isNode(value: unknown): value is WorkflowDocument["nodes"][number] {
  return isRecord(value) && typeof value.id === "string" && typeof value.type === "string" && isRecord(value.params)
    && isPosition(value.position) && isOptional(value.parentId, "string") && isOptional(value.title, "string")
    && isOptional(value.bypass, "boolean") && isOptional(value.collapsed, "boolean");
}

function isEdge(value: unknown): value is WorkflowDocument["edges"][number] {
  return isRecord(value) && typeof value.source === "string" && typeof value.target === "string"
    && isOptional(value.id, "string") && isOptional(value.sourceHandle, "string")
    && isOptional(value.targetHandle, "string");
}

function isGroup(value: unknown): value is NonNullable<WorkflowDocument["groups"]>[number] {
  return isRecord(value) && typeof value.id === "string" && typeof value.title === "string"
    && isPosition(value.position) && Number.isFinite(value.width) && Number.isFinite(value.height);
}
