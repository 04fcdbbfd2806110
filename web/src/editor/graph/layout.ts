// Where the nodes a document saved no position for go (a workflow file written for the command line, opened as a
// project: openWorkflowFile.ts): left to right by their depth in the graph, so every node shows and the wires read
// forwards.

import type { DocEdge, DocGroup, DocNode } from "../../api/types";

export interface XY { x: number; y: number }

/** How far apart the columns are (a node is 256 wide) and the rows (an upload node with its preview is ~300 tall),
 * flow units. */
export const COLUMN = 340;
export const ROW = 320;
/** The width of a node, for the room the positioned ones take (flow units). */
const NODE_WIDTH = 256;

/** Whether a document gave a node or frame a position (a hand-written one may leave it out, or write null). */
export function hasPosition(position?: Record<string, number> | null): boolean {
  return position != null && (Number.isFinite(position.x) || Number.isFinite(position.y));
}

/**
 * A position for each node of `doc` without one, by node id (those with one are left out). Its column is its depth:
 * the longest path to it from a node no edge enters, following `doc.edges` (in a cycle, the depth the nodes before
 * it give); columns without such a node close up. Within a column the nodes go top to bottom in document order.
 * The columns start at (0, 0), or, when some nodes or frames have positions, one column's gap to the right of them,
 * level with the highest. The same document lays out the same every time.
 */
export function layoutUnplaced(doc: { nodes: readonly DocNode[]; edges: readonly DocEdge[];
  groups?: readonly DocGroup[] | null }): Map<string, XY> {
  const unplaced = doc.nodes.filter((node) => !hasPosition(node.position));
  const placed = new Map<string, XY>();
  if (unplaced.length === 0) return placed;
  const depths = depthOf(doc.nodes, doc.edges);
  const columns = [...new Set(unplaced.map((node) => depths.get(node.id) ?? 0))].sort((a, b) => a - b);
  const rows = new Map<number, number>();
  const origin = besidePositioned(doc.nodes, doc.groups ?? []);
  for (const node of unplaced) {
    const depth = depths.get(node.id) ?? 0;
    const row = rows.get(depth) ?? 0;
    rows.set(depth, row + 1);
    placed.set(node.id, { x: origin.x + columns.indexOf(depth) * COLUMN, y: origin.y + row * ROW });
  }
  return placed;
}

/** Each node's depth (0 for one no edge enters), by node id; edges to or from unknown nodes, and loops, are left
 * out. Nodes are taken in topological order (Kahn's algorithm, ties in document order); the nodes of a cycle, which
 * has none, after the rest, in document order. */
function depthOf(nodes: readonly DocNode[], edges: readonly DocEdge[]): Map<string, number> {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const next: number[][] = nodes.map(() => []);
  const entering = nodes.map(() => 0);
  for (const edge of edges) {
    const [from, to] = [index.get(edge.source), index.get(edge.target)];
    if (from === undefined || to === undefined || from === to) continue;
    next[from].push(to);
    entering[to] += 1;
  }
  const depth = nodes.map(() => 0);
  const done = nodes.map(() => false);
  const visit = (at: number, ready: number[]) => {
    done[at] = true;
    for (const to of next[at]) {
      if (done[to]) continue;
      depth[to] = Math.max(depth[to], depth[at] + 1);
      entering[to] -= 1;
      if (entering[to] === 0) ready.push(to);
    }
  };
  const ready = nodes.flatMap((_, i) => (entering[i] === 0 ? [i] : []));
  while (ready.length) visit(ready.shift() as number, ready);
  for (let i = 0; i < nodes.length; i += 1) {  // what a cycle left, and what it leads to
    if (done[i]) continue;
    const more = [i];
    while (more.length) {
      const at = more.shift() as number;
      if (!done[at]) visit(at, more);
    }
  }
  return new Map(nodes.map((node, i) => [node.id, depth[i]]));
}

/** Where laid-out columns start: (0, 0), or one column's gap right of the nodes (in no frame) and frames that have
 * positions, level with the highest of them. */
function besidePositioned(nodes: readonly DocNode[], groups: readonly DocGroup[]): XY {
  const boxes = [
    ...nodes.filter((node) => !node.parentId && hasPosition(node.position))
      .map((node) => ({ ...corner(node.position), width: NODE_WIDTH })),
    ...groups.filter((group) => hasPosition(group.position))
      .map((group) => ({ ...corner(group.position), width: group.width ?? NODE_WIDTH })),
  ];
  if (boxes.length === 0) return { x: 0, y: 0 };
  return { x: Math.max(...boxes.map((box) => box.x + box.width)) + COLUMN - NODE_WIDTH,
    y: Math.min(...boxes.map((box) => box.y)) };
}

const corner = (position?: Record<string, number> | null): XY => ({
  x: Number.isFinite(position?.x) ? (position?.x as number) : 0,
  y: Number.isFinite(position?.y) ? (position?.y as number) : 0,
});
