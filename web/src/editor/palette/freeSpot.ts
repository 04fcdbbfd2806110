// Where a node added by a click goes: the middle of the view, or the nearest spot around it that no other node
// covers, so nodes clicked in one after another sit side by side instead of stacked on one spot.

import type { XYPosition } from "@xyflow/react";
import { isStudioNode, type EditorNode } from "../types";

/** A node's size before the canvas has measured it (a studio node is 256 wide). */
const DEFAULT_WIDTH = 256;
const DEFAULT_HEIGHT = 120;
const GAP = 24;
/** How many steps out from the centre to look before giving up and going right of everything. */
const RINGS = 4;

interface Box { x: number; y: number; width: number; height: number }

function absolute(node: EditorNode, byId: ReadonlyMap<string, EditorNode>): XYPosition {
  let { x, y } = node.position;
  let parent = node.parentId ? byId.get(node.parentId) : undefined;
  for (let depth = 0; parent && depth < 16; depth += 1) {
    x += parent.position.x;
    y += parent.position.y;
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return { x, y };
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The top-left corner for a new node near `centre` (flow coordinates) that covers no studio node (frames are
 * backgrounds, a node may sit in one): the centre itself when free, else the nearest free cell of a grid one
 * node (and a gap) apart around it, else right of the rightmost node.
 */
export function freeSpot(nodes: EditorNode[], centre: XYPosition,
  size: { width: number; height: number } = { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT }): XYPosition {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const boxes: Box[] = nodes.filter(isStudioNode).map((n) => ({
    ...absolute(n, byId),
    width: n.measured?.width ?? n.width ?? DEFAULT_WIDTH,
    height: n.measured?.height ?? n.height ?? DEFAULT_HEIGHT,
  }));
  // A gap's margin around the new node, so neighbours do not touch.
  const free = (at: XYPosition) => !boxes.some((b) => overlaps(
    { x: at.x - GAP / 2, y: at.y - GAP / 2, width: size.width + GAP, height: size.height + GAP }, b));
  const stepX = size.width + GAP;
  const stepY = size.height + GAP;
  const cells: { at: XYPosition; distance: number; order: number }[] = [];
  for (let row = -RINGS; row <= RINGS; row += 1) {
    for (let column = -RINGS; column <= RINGS; column += 1) {
      const at = { x: centre.x + column * stepX, y: centre.y + row * stepY };
      // Nearest first; on a tie, right before left and down before up (reading order from the centre).
      const order = (row < 0 ? 2 : 0) + (column < 0 ? 1 : 0);
      cells.push({ at, distance: Math.hypot(column * stepX, row * stepY), order });
    }
  }
  cells.sort((a, b) => a.distance - b.distance || a.order - b.order);
  const found = cells.find((cell) => free(cell.at));
  if (found) return found.at;
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  return { x: right + GAP * 2, y: centre.y };
}
