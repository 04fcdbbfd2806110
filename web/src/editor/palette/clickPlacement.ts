// Where a node clicked in from the palette goes, and what it is wired from. With one node selected: to that node's
// right, connected from it when one of its outputs fits one of the new node's inputs; the new node is selected in
// turn, so clicking tools one after another builds a chain, in click order. A node selected mid-chain (a node it
// feeds already sits to its right) gets the new one just below that node, a branch beside it. With none (or
// several) selected: near the middle of the view (freeSpot). Either way it keeps clear of every node's full height,
// and a node wired from the selected one goes where its wire passes under no other node (else the wire, drawn behind
// a node, would seem to come out of that node's port).

import type { XYPosition } from "@xyflow/react";
import type { NodeSpec } from "../../api/types";
import { fittingPort } from "../graph/edit";
import { isStudioNode, type EditorEdge, type EditorNode, type PortOrigin, type StudioNode } from "../types";
import { clearance, freeSpot, GAP, GROWTH, type Box, type SizeOfType } from "./freeSpot";

/** Room between a node and the one clicked in after it (flow units): a connection runs across it. */
export const CHAIN_GAP = GAP * 2;
/** How many columns right of the selected node are tried before going right of everything. */
const COLUMNS = 4;

export interface ClickPlacement {
  /** The new node's top-left corner (flow coordinates). */
  at: XYPosition;
  /** The output it is connected from; null when it is not connected. */
  from: PortOrigin | null;
  /** The selected node it is placed after; null when it went near the middle of the view. */
  after: string | null;
}

/** The one studio node selected; null when none, several, or a frame is. */
export function selectedNode(nodes: EditorNode[]): StudioNode | null {
  const selected = nodes.filter((node) => node.selected);
  return selected.length === 1 && isStudioNode(selected[0]) ? selected[0] : null;
}

/** The output of `after` that a new `spec` node is connected from (into its first input that takes it, as
 * addConnectedNode joins them): the first that joins an input of its own type (Mask Extractor's image into Blur's
 * image, not its mask), else the first that joins any; null when none does. */
export function chainOrigin(after: StudioNode, spec: NodeSpec | undefined,
  specsByType: ReadonlyMap<string, NodeSpec>): PortOrigin | null {
  if (!spec) return null;
  const joins = (specsByType.get(after.data.nodeType)?.outputs ?? [])
    .map((output) => ({ output, input: fittingPort(output, true, spec) }))
    .filter(({ input }) => input !== null);
  const chosen = joins.find(({ output, input }) => input?.type === output.type) ?? joins[0];
  return chosen ? { nodeId: after.id, handleId: chosen.output.name, handleType: "source" } : null;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** How far below a node's top its first ports sit (flow units): the title bar, then half a port row. */
const PORT_Y = 72;
/** How many points of a wire are checked against the nodes it could pass under. */
const WIRE_SAMPLES = 48;

/** Whether the wire from `source`'s output (its right side) to a node at `to` (its left side) passes over no box in
 * `others`, drawn as xyflow's default edge draws it (a bezier curve whose handles reach out half the way, or
 * further when it runs backwards). */
export function wireClear(source: Box, to: XYPosition, others: Iterable<Box>): boolean {
  const [sx, sy, tx, ty] = [source.x + source.width, source.y + PORT_Y, to.x, to.y + PORT_Y];
  const distance = tx - sx;
  const reach = distance >= 0 ? distance / 2 : 0.25 * 25 * Math.sqrt(-distance);
  const [c1x, c2x] = [sx + reach, tx - reach];
  const boxes = [...others];
  for (let step = 1; step < WIRE_SAMPLES; step += 1) {
    const t = step / WIRE_SAMPLES;
    const u = 1 - t;
    const x = u ** 3 * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t ** 3 * tx;
    const y = (u ** 3 + 3 * u * u * t) * sy + (3 * u * t * t + t ** 3) * ty;
    if (boxes.some((box) => x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height)) return false;
  }
  return true;
}

/** The top-left corner for a node of `nodeType` right of `after`: level with it when that is free; just below the
 * nodes `after` feeds that stand in that spot (`fed`: a branch beside the chain it is selected in); else just below
 * the lowest node in the way in that column, when that is within a node's reach, else a column further right (each
 * node's full height and room to grow kept clear). Wired from `after` (`afterId`), a spot counts only when its wire
 * passes under no other node; when no spot within reach does, the nearest lower one in those columns that does.
 * When the columns are full: the nearer of the first free spot below the first column and right of everything. */
export function spotAfter(nodes: EditorNode[], after: Box, nodeType: string, sizeOf?: SizeOfType,
  fed: ReadonlySet<string> = new Set(), afterId: string | null = null): XYPosition {
  const { size, boxes, free: unoccupied } = clearance(nodes, nodeType, sizeOf);
  const others = [...boxes.values()].filter((box) => box !== boxes.get(afterId ?? ""));
  // a spot no node is on, whose wire (when the node is wired from `after`) passes under none
  const free = (at: XYPosition) => unoccupied(at) && (afterId === null || wireClear(after, at, others));
  const bottom = (box: Box) => box.y + box.height + GROWTH + GAP;  // the first place a node may start under it
  const belows = [...boxes.values()].map(bottom).filter((y) => y > after.y).sort((a, b) => a - b);
  const distance = (at: XYPosition) => Math.hypot(at.x - after.x, at.y - after.y);
  const columnX = (column: number) => after.x + after.width + CHAIN_GAP + column * (size.width + CHAIN_GAP);
  const level = { x: columnX(0), y: after.y };
  if (free(level)) return level;
  // the nodes that keep the level spot from being free (as `free` tells: each with its room to grow)
  const inTheWay = [...boxes].filter(([, box]) => overlaps({ ...box, height: box.height + GROWTH },
    { x: level.x - GAP, y: level.y - GAP, width: size.width + GAP * 2, height: size.height + GAP * 2 + GROWTH }));
  if (inTheWay.length > 0 && inTheWay.every(([id]) => fed.has(id))) {
    const branch = { x: level.x, y: Math.max(...inTheWay.map(([, box]) => bottom(box))) };
    if (free(branch)) return branch;
  }
  for (let column = 0; column < COLUMNS; column += 1) {
    const x = columnX(column);
    const y = [after.y, ...belows].find((top) => free({ x, y: top }));
    // below everything is always free: a column counts only if its spot lies within a node's reach of `after`
    if (y !== undefined && y - after.y <= Math.max(after.height, size.height) + GROWTH + GAP) return { x, y };
  }
  // every near spot's wire passes under a node: the nearest spot in those columns whose wire does not
  const further = Array.from({ length: COLUMNS }, (_, column) => columnX(column))
    .flatMap((x) => belows.map((y) => ({ x, y }))).filter(free);
  const nearest = (spots: XYPosition[]) => spots.sort((a, b) => distance(a) - distance(b))[0];
  if (further.length > 0) return nearest(further);
  const right = { x: Math.max(...[...boxes.values()].map((box) => box.x + box.width)) + CHAIN_GAP, y: after.y };
  const under = { x: level.x, y: belows.find((top) => free({ x: level.x, y: top })) ?? right.y };
  return free(under) && distance(under) < distance(right) ? under : right;
}

/** Where a node of `nodeType` clicked in from the palette goes and what it is wired from: after the one node
 * selected, else near `centre` (the middle of the view), preferring spots inside `visible`. `sizeOf` sizes a type
 * no node of which the canvas measured yet. */
export function clickPlacement(nodes: EditorNode[], specsByType: ReadonlyMap<string, NodeSpec>, nodeType: string,
  centre: XYPosition, sizeOf?: SizeOfType, visible?: Box, edges: readonly EditorEdge[] = []): ClickPlacement {
  const after = selectedNode(nodes);
  const box = after && clearance(nodes, nodeType, sizeOf).boxes.get(after.id);
  if (!after || !box) return { at: freeSpot(nodes, centre, nodeType, sizeOf, visible), from: null, after: null };
  const fed = new Set(edges.filter((edge) => edge.source === after.id).map((edge) => edge.target));
  const from = chainOrigin(after, specsByType.get(nodeType), specsByType);
  return { at: spotAfter(nodes, box, nodeType, sizeOf, fed, from ? after.id : null), from, after: after.id };
}
