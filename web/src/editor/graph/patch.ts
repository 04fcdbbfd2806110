// A planner's patch (POST /agents/plan) applied to the graph on screen: nodes added, edges added and removed,
// parameters changed. Pure: the store writes the result to the document as one undoable step.

import type { NodeSpec, Plan } from "../../api/types";
import { isStudioNode, type EditorEdge, type EditorNode } from "../types";
import { studioNode } from "./document";
import { connect } from "./edit";
import { nextNodeId } from "./ids";
import { defaultParams } from "./schemaForm";

export interface PatchedGraph {
  nodes: EditorNode[];
  edges: EditorEdge[];
  /** The ids the added nodes have on the canvas (the plan's, unless the graph took one meanwhile). */
  added: string[];
}

/** The graph after `plan`. The server checked the patch against the graph it was sent; what changed on the canvas
 * since (a collaborator took an id, deleted a node) is settled here: a taken id gets the next free one, and an
 * edge or change whose node is gone is left out. Each edge is connected as a person would connect it (a typed
 * port; a single input fed once), and an added node has its type's defaults under the planner's values. */
export function patchGraph(nodes: EditorNode[], edges: EditorEdge[], plan: Plan,
  specs: Map<string, NodeSpec>): PatchedGraph {
  const taken = new Set(nodes.map((n) => n.id));
  const ids = new Map<string, string>();
  const added: EditorNode[] = [];
  for (const doc of plan.add_nodes ?? []) {
    const spec = specs.get(doc.type);
    if (!spec) continue;
    const id = taken.has(doc.id) ? nextNodeId(doc.type, taken) : doc.id;
    taken.add(id);
    ids.set(doc.id, id);
    const { parentId: _frame, ...placed } = doc;
    added.push(studioNode({ ...placed, id, params: { ...defaultParams(spec.params_schema), ...doc.params } }));
  }

  const changes = new Map((plan.change_nodes ?? []).map((c) => [c.id, c.params]));
  const patchedNodes = [...nodes.map((node) => {
    const params = changes.get(node.id);
    return params && isStudioNode(node) ? { ...node, data: { ...node.data, params: { ...node.data.params, ...params } } }
      : node;
  }), ...added];

  const removed = new Set(plan.remove_edges ?? []);
  let patchedEdges = edges.filter((e) => !removed.has(e.id));
  const end = (id: string) => ids.get(id) ?? id;
  for (const edge of plan.add_edges ?? []) {
    const connection = { source: end(edge.source), sourceHandle: edge.sourceHandle ?? null,
      target: end(edge.target), targetHandle: edge.targetHandle ?? null };
    const result = connect(connection, patchedNodes, patchedEdges, specs);
    if ("edges" in result) patchedEdges = result.edges;
  }
  return { nodes: patchedNodes, edges: patchedEdges, added: added.map((n) => n.id) };
}

/** Whether applying `plan` would change anything at all. */
export const changesSomething = (plan: Plan): boolean =>
  Boolean(plan.add_nodes?.length || plan.add_edges?.length || plan.change_nodes?.length || plan.remove_edges?.length);
