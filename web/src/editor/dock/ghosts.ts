// The plan's preview on the canvas, drawn over the graph and never part of it: new nodes and edges as ghosts
// (translucent, dashed, not selectable, not saved, not in the document or its undo history), the nodes the plan
// changes highlighted, the edges it removes dashed red. Pure mappings; the canvas draws what they answer.

import type { Node } from "@xyflow/react";
import type { NodeSpec, Plan } from "../../api/types";
import { absolutePosition } from "../graph/edit";
import { nodeNames } from "../graph/nodeNames";
import { portColor } from "../graph/ports";
import { estimatedSize } from "../palette/freeSpot";
import { defaultParams, describeField, type FieldDescriptor } from "../graph/schemaForm";
import { scaleLimit } from "../fields/scaleLimit";
import { isStudioNode, type EditorEdge, type EditorNode } from "../types";

/** Ghost ids on the canvas: the plan's id behind this prefix, so a ghost never takes a real node's place. */
export const GHOST_PREFIX = "ghost:";
export const REMOVED_EDGE_COLOR = "#ef4444";
/** A node the plan changes: ringed in amber, as its label over it (PlanChangeLabels). */
const CHANGED_CLASS = "plan-changed rounded-xl ring-2 ring-amber-400 ring-offset-2 ring-offset-transparent";

export type GhostNodeData = { planId: string; nodeType: string; params: Record<string, unknown>; title?: string };
export type GhostNode = Node<GhostNodeData, "ghost">;
/** What the canvas draws: the graph's nodes, and a pending plan's ghosts. */
export type CanvasNode = EditorNode | GhostNode;

export const isGhostId = (id: string): boolean => id.startsWith(GHOST_PREFIX);

const GHOST_Z = 1000;

/** Nothing a person can do to a ghost: it is looked at, then applied or discarded from the dock. */
const INERT = { selectable: false, draggable: false, connectable: false, deletable: false, focusable: false } as const;

/** The plan's new nodes as ghosts, where the plan puts them. */
export function ghostNodes(plan: Plan): GhostNode[] {
  return (plan.add_nodes ?? []).map((doc) => ({
    id: GHOST_PREFIX + doc.id,
    type: "ghost",
    position: { x: doc.position?.x ?? 0, y: doc.position?.y ?? 0 },
    data: { planId: doc.id, nodeType: doc.type, params: doc.params ?? {},
      ...(typeof doc.title === "string" && doc.title ? { title: doc.title } : {}) },
    className: "plan-ghost",
    zIndex: GHOST_Z,  // over the graph, a selected node included: what is proposed is never hidden under it
    ...INERT,
  }));
}

/** The plan's new edges as ghosts: an end on a new node goes to its ghost, one on an existing node to that node
 * (an edge whose existing node was deleted meanwhile is not drawn). Coloured by the kind of value it carries. */
export function ghostEdges(plan: Plan, nodes: EditorNode[], specs: Map<string, NodeSpec>): EditorEdge[] {
  const added = new Map((plan.add_nodes ?? []).map((n) => [n.id, n.type]));
  const existing = new Map(nodes.filter(isStudioNode).map((n) => [n.id, n.data.nodeType]));
  const canvasId = (id: string) => (added.has(id) ? GHOST_PREFIX + id : existing.has(id) ? id : null);
  const drawn: EditorEdge[] = [];
  for (const edge of plan.add_edges ?? []) {
    const source = canvasId(edge.source);
    const target = canvasId(edge.target);
    if (!source || !target) continue;
    const sourceType = added.get(edge.source) ?? existing.get(edge.source) ?? "";
    const port = specs.get(sourceType)?.outputs.find((p) => p.name === edge.sourceHandle);
    drawn.push({
      id: `${GHOST_PREFIX}${source}.${edge.sourceHandle ?? ""}-${target}.${edge.targetHandle ?? ""}`,
      source, sourceHandle: edge.sourceHandle ?? null, target, targetHandle: edge.targetHandle ?? null,
      className: "plan-ghost-edge", animated: true, ...INERT,
      style: { stroke: port ? portColor(port.type) : undefined, strokeWidth: 2, strokeDasharray: "6 4", opacity: 0.8 },
      ...(port ? { data: { portType: port.type } } : {}),
    });
  }
  return drawn;
}

/** One parameter as the preview lists it. */
export interface ParamRow {
  name: string;
  label: string;
  value: string;
}

/** A parameter value in a few words: free text quoted and cut short (`quoted` false: a choice's words, e.g. JPG, as
 * they are), a list by its length. */
export function formatValue(value: unknown, quoted = true): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "string") {
    const text = value.length > 48 ? `${value.slice(0, 47)}…` : value;
    return quoted ? `“${text}”` : text;
  }
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return String(Number.isInteger(value) ? value : Number(value.toFixed(3)));
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  return "set";
}

/** How `value` reads in the node's own field: a choice as its menu words it ("WebP" for webp, the spec's
 * `enum_labels`; "4×" for an upscaler's 4, as SelectField shows them), anything else in a few words. `field`: null
 * for a parameter the node's type does not have. */
export function fieldValueText(spec: NodeSpec | undefined, field: FieldDescriptor | null, value: unknown): string {
  if (field?.kind !== "select") return formatValue(value);
  const index = field.options.findIndex((option) => option === value);
  if (index < 0) return formatValue(value, false);
  const upscaling = spec?.upscaling?.param === field.name ? spec.upscaling : undefined;
  const scale = upscaling && scaleLimit(upscaling, field.options, value, null, null).options[index].label;
  return formatValue(scale ?? field.labels?.[index] ?? value, false);
}

/** What running the plan's models would cost, in words. */
export function creditsText(credits: number): string {
  if (!credits) return "Free: runs locally";
  return `≈ ${credits} credit${credits === 1 ? "" : "s"}`;
}

/** The parameters a ghost shows: those the plan sets away from the type's defaults, in the form's order. */
export function plannedParams(spec: NodeSpec | undefined, params: Record<string, unknown>, limit = 4): ParamRow[] {
  if (!spec) return [];
  const defaults = defaultParams(spec.params_schema);
  const rows: ParamRow[] = [];
  for (const [name, schema] of Object.entries(spec.params_schema.properties ?? {})) {
    const value = params[name];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(defaults[name])) continue;
    const field = describeField(name, schema);
    rows.push({ name, label: field.label, value: fieldValueText(spec, field, value) });
  }
  return rows.slice(0, limit);
}

/** A node the plan changes, with each changed parameter from its value now to the planned one. */
export interface ChangedNode {
  id: string;
  title: string;
  /** Where the node is on the canvas (flow coordinates, its top left corner). */
  position: { x: number; y: number };
  rows: Array<ParamRow & { before: string }>;
}

export function changedNodes(plan: Plan, nodes: EditorNode[], specs: Map<string, NodeSpec>): ChangedNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const changed: ChangedNode[] = [];
  for (const change of plan.change_nodes ?? []) {
    const node = byId.get(change.id);
    if (!node || !isStudioNode(node)) continue;
    const spec = specs.get(node.data.nodeType);
    const properties = spec?.params_schema.properties ?? {};
    changed.push({
      id: node.id,
      title: node.data.title ?? spec?.title ?? node.data.nodeType,
      position: absolutePosition(node, nodes),
      rows: Object.entries(change.params).map(([name, value]) => {
        const field = properties[name] ? describeField(name, properties[name]) : null;
        return { name, label: field?.label ?? name, before: fieldValueText(spec, field, node.data.params[name]),
          value: fieldValueText(spec, field, value) };
      }),
    });
  }
  return changed;
}

/** The dock's list of changes, one line per parameter: "Blur (2): Radius 4 → 8". Each node is named as the canvas
 * names it in words (graph/nodeNames), so two changed nodes of one kind are told apart. */
export function changeLines(plan: Plan, nodes: EditorNode[], specs: Map<string, NodeSpec>): string[] {
  const names = nodeNames(nodes, specs);
  return changedNodes(plan, nodes, specs).flatMap((node) =>
    node.rows.map((row) => `${names.get(node.id) ?? node.title}: ${row.label} ${row.before} → ${row.value}`));
}

/** What to bring into view for `plan`: its new nodes (`added`: their ids on the canvas), and the existing nodes
 * they connect to or it changes. */
export function planFocus(plan: Plan, added: string[]): string[] {
  const planned = new Set((plan.add_nodes ?? []).map((n) => n.id));
  const ids = new Set(added);
  for (const edge of plan.add_edges ?? []) {
    for (const end of [edge.source, edge.target]) if (!planned.has(end)) ids.add(end);
  }
  for (const change of plan.change_nodes ?? []) ids.add(change.id);
  return [...ids];
}

/** The nodes `plan` made: its new nodes (`added`: their ids on the canvas) and the existing ones it changes. */
export function planMade(plan: Plan, added: string[]): string[] {
  return [...new Set([...added, ...(plan.change_nodes ?? []).map((change) => change.id)])];
}

/** The canvas with the plan previewed: changed nodes marked, removed edges dashed red, the ghosts added. Nodes and
 * edges the plan leaves alone keep their objects (xyflow redraws only what is new). */
export function previewGraph(nodes: EditorNode[], edges: EditorEdge[], plan: Plan, ghosts: GhostNode[],
  specs: Map<string, NodeSpec>): { nodes: CanvasNode[]; edges: EditorEdge[] } {
  const changed = new Set((plan.change_nodes ?? []).map((c) => c.id));
  const removed = new Set(plan.remove_edges ?? []);
  return {
    nodes: [...nodes.map((n) => (changed.has(n.id) ? { ...n, className: CHANGED_CLASS } : n)), ...ghosts],
    edges: [
      ...edges.map((e) => (removed.has(e.id) ? { ...e, className: "plan-removed", animated: false,
        style: { ...e.style, stroke: REMOVED_EDGE_COLOR, strokeDasharray: "4 4", opacity: 0.9 } } : e)),
      ...ghostEdges(plan, nodes, specs),
    ],
  };
}

/** Room kept between a ghost and a node it would otherwise touch (px). */
const CLEARANCE = 32;
/** A node not measured yet is taken to be this big (a studio node with its preview is about this tall). */
const UNMEASURED = { width: 256, height: 320 };

interface Box { x: number; y: number; width: number; height: number }

/** The room a ghost takes: as drawn (its title bar, a row per port pair, a row per parameter it shows), or as its
 * node will be once applied (with its fields and result frame, palette/freeSpot), whichever is taller: an applied
 * Prompt must not land over the node below it. */
function ghostBox(doc: NonNullable<Plan["add_nodes"]>[number], spec: NodeSpec | undefined): Box {
  const ports = spec ? Math.max(spec.inputs.length, spec.outputs.length) : 1;
  const params = plannedParams(spec, doc.params ?? {}).length;
  const drawn = 44 + ports * 23 + (params ? params * 18 + 12 : 8);
  return { x: doc.position?.x ?? 0, y: doc.position?.y ?? 0, width: 256,
    height: Math.max(drawn, spec ? estimatedSize(spec).height : 0) };
}

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width + CLEARANCE && b.x < a.x + a.width + CLEARANCE
  && a.y < b.y + b.height + CLEARANCE && b.y < a.y + a.height + CLEARANCE;

/** `plan` with its new nodes moved down together, as little as needed, so that no ghost covers a node on the
 * canvas. The server places them from positions alone; the canvas knows how tall each node is drawn (a node
 * with its preview is several times the server's row), and a ghost over a node hides what it would join. */
export function clearOfGraph(plan: Plan, nodes: EditorNode[], specs: Map<string, NodeSpec>): Plan {
  const added = plan.add_nodes ?? [];
  if (added.length === 0 || nodes.length === 0) return plan;
  const taken: Box[] = nodes.filter(isStudioNode).map((node) => ({ ...absolutePosition(node, nodes),
    width: node.measured?.width ?? node.width ?? UNMEASURED.width,
    height: node.measured?.height ?? node.height ?? UNMEASURED.height }));
  const ghosts = added.map((doc) => ghostBox(doc, specs.get(doc.type)));
  let dy = 0;
  for (let round = 0; round < 200; round += 1) {  // each round clears one overlap; dy only grows
    let moved = false;
    for (const ghost of ghosts) {
      const shifted = { ...ghost, y: ghost.y + dy };
      const hit = taken.find((box) => overlaps(shifted, box));
      if (hit) {
        dy = hit.y + hit.height + CLEARANCE - ghost.y;
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  if (dy === 0) return plan;
  return { ...plan, add_nodes: added.map((doc) => ({ ...doc,
    position: { x: doc.position?.x ?? 0, y: Math.round((doc.position?.y ?? 0) + dy) } })) };
}

/** What of the graph `plan` was made for is gone from the canvas now (a node it connects to or changes, an edge it
 * replaces): a plan that would land half-connected, so it is planned again rather than applied. */
export function planIsStale(plan: Plan, nodes: EditorNode[], edges: EditorEdge[]): boolean {
  const planned = new Set((plan.add_nodes ?? []).map((n) => n.id));
  const present = new Set(nodes.filter(isStudioNode).map((n) => n.id));
  const ends = (plan.add_edges ?? []).flatMap((e) => [e.source, e.target]).filter((id) => !planned.has(id));
  const edgeIds = new Set(edges.map((e) => e.id));
  return ends.some((id) => !present.has(id))
    || (plan.change_nodes ?? []).some((c) => !present.has(c.id))
    || (plan.remove_edges ?? []).some((id) => !edgeIds.has(id));
}
