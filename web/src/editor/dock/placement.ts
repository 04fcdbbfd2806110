// Where planned nodes go: to the right of the existing graph, or the middle of the view when empty.

import type { XYPosition } from "@xyflow/react";
import type { EditorNode } from "../types";

export function planOrigin(nodes: EditorNode[], centre: XYPosition): XYPosition {
  const top = nodes.filter((n) => !n.parentId);
  if (top.length === 0) return { x: centre.x - 320, y: centre.y };
  const right = Math.max(...top.map((n) => n.position.x + (n.measured?.width ?? 256)));
  const minY = Math.min(...top.map((n) => n.position.y));
  return { x: right + 120, y: minY };
}
