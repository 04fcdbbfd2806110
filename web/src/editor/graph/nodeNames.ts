// What the user calls each node in words: the title they gave it, else its type's title; nodes that would read the
// same are told apart by where they sit, "Blur (1)" the leftmost, "Blur (2)" the next (canvas order). Every place
// that names nodes in words and not on the node itself (an edge's label, a version's difference) names them so.

import type { NodeSpec } from "../../api/types";
import { isStudioNode, type EditorNode, type StudioNode } from "../types";
import { absolutePosition } from "./edit";

/** Nodes whose left edges are closer than this (flow units, half a node's width) are one column: read top down. */
const COLUMN = 128;

/** The title a node shows: the name the user gave it, else its type's title, else its type id. */
export function shownTitle(node: StudioNode, specs: ReadonlyMap<string, NodeSpec>): string {
  return node.data.title?.trim() || specs.get(node.data.nodeType)?.title || node.data.nodeType;
}

/** Canvas order: columns left to right (a node within COLUMN of a column's first is in it), top down in each. */
function canvasOrder(placed: { id: string; x: number; y: number }[]): string[] {
  const byX = [...placed].sort((a, b) => a.x - b.x || a.y - b.y);
  const columns: (typeof placed)[] = [];
  for (const node of byX) {
    const column = columns[columns.length - 1];
    if (column && node.x - column[0].x < COLUMN) column.push(node);
    else columns.push([node]);
  }
  return columns.flatMap((column) => column.sort((a, b) => a.y - b.y || a.x - b.x).map((node) => node.id));
}

/** Each studio node's name in words, by id: its shown title, numbered in canvas order where titles repeat. */
export function nodeNames(nodes: readonly EditorNode[], specs: ReadonlyMap<string, NodeSpec>): Map<string, string> {
  const names = new Map<string, string>();
  const sharing = new Map<string, StudioNode[]>();
  for (const node of nodes) {
    if (!isStudioNode(node)) continue;
    const title = shownTitle(node, specs);
    names.set(node.id, title);
    const same = sharing.get(title);
    if (same) same.push(node);
    else sharing.set(title, [node]);
  }
  for (const [title, same] of sharing) {
    if (same.length < 2) continue;
    const order = canvasOrder(same.map((node) => ({ id: node.id, ...absolutePosition(node, nodes as EditorNode[]) })));
    order.forEach((id, index) => names.set(id, `${title} (${index + 1})`));
  }
  return names;
}
