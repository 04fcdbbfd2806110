// Where a node added by a click goes: the middle of the view, or the nearest spot around it that no other node
// covers (with a gap, and room below each to grow, so a node that grows later does not cover its neighbour), inside
// the visible canvas when one is free there, so nodes clicked in one after another sit side by side in view instead
// of stacked on one spot. A node is sized before the canvas measures it (its fields and result frame make it 130 to
// 600 high): as a measured node of its type is, else by an estimate from its type's schema that errs tall, and never
// smaller than that estimate (zoomed out, a node is drawn as its title alone). Pasted nodes go beside those they copy.

import type { XYPosition } from "@xyflow/react";
import type { NodeSpec } from "../../api/types";
import { resultPorts } from "../graph/ports";
import { isModelSpec } from "../graph/providers";
import { fieldsOf, type FieldKind } from "../graph/schemaForm";
import { isStudioNode, type EditorNode } from "../types";

export interface Size { width: number; height: number }
/** The size of a node of a type before the canvas measured one (flow units). */
export type SizeOfType = (nodeType: string) => Size;

/** A studio node is 256 wide (w-64); 120 is the header and ports alone. */
const DEFAULT_SIZE: Size = { width: 256, height: 120 };
/** The room kept free around a new node (flow units): nodes grow once they show a picture or an error. */
export const GAP = 40;
/** The room kept below a node besides GAP (flow units): a node grows downwards once it runs (an error note, a
 * picture taller than its frame), and a node placed just above another grew over its title. */
export const GROWTH = 80;
/** How many steps out from the centre to look before giving up and going right of everything. */
const RINGS = 4;

// What estimatedSize adds up, in flow units: a little over what Chromium draws (a Blur node: 60 + 2 port rows +
// 3 fields + its result frame = 466, drawn 444).
const HEADER = 60;  // title bar, progress bar and padding
const PORT_ROW = 24;
const MODEL_ROUTE = 40;
const RESULT_FRAME = 190;
// an upload field is as tall as the file it holds (a picture up to 160 high: Image Upload drawn 258, empty 200)
const FIELD: Partial<Record<FieldKind, number>> = { textarea: 104, upload: 190, brush: 320 };
const OTHER_FIELD = 56;

/** The size a node of `spec` will have once drawn, erring tall: its header, a row per port, each everyday field and
 * the frame its results show in (a node with an upload field shows the file there instead). */
export function estimatedSize(spec: NodeSpec | undefined): Size {
  if (!spec) return DEFAULT_SIZE;
  const fields = fieldsOf(spec.params_schema).filter((field) => !field.advanced);
  const uploads = fields.some((field) => field.kind === "upload");
  const height = HEADER + PORT_ROW * Math.max(spec.inputs.length, spec.outputs.length)
    + (isModelSpec(spec) ? MODEL_ROUTE : 0)
    + fields.reduce((sum, field) => sum + (FIELD[field.kind] ?? OTHER_FIELD), 0)
    + (resultPorts(spec).length > 0 && !uploads ? RESULT_FRAME : 0);
  return { width: DEFAULT_SIZE.width, height };
}

/** A rectangle in flow coordinates: top-left corner and size. */
export interface Box extends Size { x: number; y: number }

/** Whether a node of `size` at `at` lies inside `area` (a node taller than the area: as much of it as fits, its top
 * part). */
export function insideArea(at: XYPosition, size: Size, area: Box): boolean {
  const height = Math.min(size.height, area.height);
  return at.x >= area.x && at.y >= area.y && at.x + size.width <= area.x + area.width
    && at.y + height <= area.y + area.height;
}

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

/** The larger of two sizes, side by side. */
const larger = (a: Size, b: Size): Size => ({ width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) });

/** Each studio node's box (by its id): as measured, else as a measured node of its type is, and at least `sizeOf`
 * its type (a node drawn zoomed out shows its title alone and measures far smaller than it is drawn zoomed in). */
function boxesOf(nodes: EditorNode[], sizeOf: SizeOfType): { boxes: Box[]; ids: string[]; sizeOfType: SizeOfType } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const studio = nodes.filter(isStudioNode);
  const measured = new Map<string, Size>();
  for (const node of studio) {
    const { width, height } = node.measured ?? {};
    if (width && height) measured.set(node.data.nodeType, larger({ width, height }, measured.get(node.data.nodeType)
      ?? { width, height }));
  }
  const sizeOfType = (nodeType: string) => larger(measured.get(nodeType) ?? sizeOf(nodeType), sizeOf(nodeType));
  const boxes = studio.map((node) => {
    const { width, height } = node.measured ?? {};
    const size = sizeOfType(node.data.nodeType);
    return { ...absolute(node, byId), ...(width && height ? larger({ width, height }, size) : size) };
  });
  return { boxes, ids: studio.map((node) => node.id), sizeOfType };
}

/** What a new node of `nodeType` must keep clear of: its size, every studio node's box (by id), and whether a spot
 * covers none of them, keeping GAP clear of each and room to grow below it and below each (frames are backgrounds,
 * a node may sit in one). */
export function clearance(nodes: EditorNode[], nodeType: string, sizeOf: SizeOfType = () => DEFAULT_SIZE):
  { size: Size; boxes: Map<string, Box>; free(at: XYPosition): boolean } {
  const { boxes, ids, sizeOfType } = boxesOf(nodes, sizeOf);
  const size = sizeOfType(nodeType);
  const free = (at: XYPosition) => !boxes.some((b) => overlaps(
    { x: at.x - GAP, y: at.y - GAP, width: size.width + GAP * 2, height: size.height + GAP * 2 + GROWTH },
    { ...b, height: b.height + GROWTH }));
  return { size, boxes: new Map(ids.map((id, index) => [id, boxes[index]])), free };
}

/**
 * The top-left corner for a new node of `nodeType` near `centre` (flow coordinates) that covers no studio node and
 * keeps GAP clear of each (frames are backgrounds, a node may sit in one): the centre itself when free, else the
 * nearest free cell of a grid one node (and a gap) apart around it, those inside `visible` (the part of the canvas
 * on screen, when known) first, else right of the rightmost node. `sizeOf` sizes a type no node of which the canvas
 * measured yet (estimatedSize of its spec). The caller brings a spot outside `visible` into view.
 */
export function freeSpot(nodes: EditorNode[], centre: XYPosition, nodeType = "",
  sizeOf: SizeOfType = () => DEFAULT_SIZE, visible?: Box): XYPosition {
  const { size, boxes: byId, free } = clearance(nodes, nodeType, sizeOf);
  const boxes = [...byId.values()];
  const hidden = (at: XYPosition) => (visible && !insideArea(at, size, visible) ? 1 : 0);
  const stepX = size.width + GAP;
  const stepY = size.height + GAP + GROWTH;
  // The grid is anchored on the first node, so that nodes clicked in after the view moved still line up with it.
  const anchor = boxes[0];
  const origin = anchor
    ? { x: anchor.x + Math.round((centre.x - anchor.x) / stepX) * stepX,
      y: anchor.y + Math.round((centre.y - anchor.y) / stepY) * stepY }
    : centre;
  const cells: { at: XYPosition; hidden: number; distance: number; order: number }[] = [];
  for (let row = -RINGS; row <= RINGS; row += 1) {
    for (let column = -RINGS; column <= RINGS; column += 1) {
      const at = { x: origin.x + column * stepX, y: origin.y + row * stepY };
      // Nearest first; on a tie, right before left and down before up (reading order from the centre).
      const order = (row < 0 ? 2 : 0) + (column < 0 ? 1 : 0);
      cells.push({ at, hidden: hidden(at), distance: Math.hypot(column * stepX, row * stepY), order });
    }
  }
  cells.sort((a, b) => a.hidden - b.hidden || a.distance - b.distance || a.order - b.order);
  const found = cells.find((cell) => free(cell.at));
  if (found) return found.at;
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  return { x: right + GAP * 2, y: origin.y };
}

/** The box around the top-level nodes of `part` (a frame's children move with it), each as measured, else as
 * `sizeOf` its type. */
export function boxAround(part: EditorNode[], sizeOf: SizeOfType = () => DEFAULT_SIZE): Box {
  const top = part.filter((node) => !node.parentId);
  if (top.length === 0) return { x: 0, y: 0, ...DEFAULT_SIZE };
  const boxes = top.map((node) => {
    const { width, height } = node.measured ?? {};
    const size = width && height ? { width, height } : isStudioNode(node) ? sizeOf(node.data.nodeType) : DEFAULT_SIZE;
    return { ...node.position, ...size };
  });
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/**
 * Where pasted nodes go (the top-left of their box): beside the nodes they were copied from, never on them: right of
 * them, else below, left or above, the first spot that covers no node and lies inside `visible` (the canvas on
 * screen, when known); else the first that covers no node, with `inView` false so the caller brings it into view.
 */
export function pasteSpot(copied: EditorNode[], nodes: EditorNode[], visible?: Box,
  sizeOf: SizeOfType = () => DEFAULT_SIZE): { at: XYPosition; inView: boolean } {
  const from = boxAround(copied, sizeOf);
  const { boxes } = boxesOf(nodes, sizeOf);
  const spots = [
    { x: from.x + from.width + GAP, y: from.y }, { x: from.x, y: from.y + from.height + GAP },
    { x: from.x - from.width - GAP, y: from.y }, { x: from.x, y: from.y - from.height - GAP },
  ];
  const free = (at: XYPosition) => !boxes.some((b) => overlaps({ ...at, width: from.width, height: from.height }, b));
  const shown = (at: XYPosition) => !visible || insideArea(at, from, visible);
  const best = spots.find((at) => free(at) && shown(at)) ?? spots.find(free) ?? spots[0];
  return { at: best, inView: shown(best) };
}
