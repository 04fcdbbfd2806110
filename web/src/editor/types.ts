// Shared editor types: the canvas's node and edge unions, run state per node, menus and palette items.

import type { Edge, Node, XYPosition } from "@xyflow/react";
import type { NodeSpec, OutputValue, PortType } from "../api/types";

/** Data of a node that the engine runs; `nodeType` is the registry id (e.g. "tool.blur"). */
export type StudioNodeData = {
  nodeType: string;
  params: Record<string, unknown>;
};
export type StudioNode = Node<StudioNodeData, "studio">;

/** A titled frame that groups nodes; it is never sent to the engine. */
export type FrameNodeData = { title: string };
export type FrameNode = Node<FrameNodeData, "frame">;

export type EditorNode = StudioNode | FrameNode;
export type EditorEdge = Edge<{ portType: PortType }>;

export const isStudioNode = (node: EditorNode): node is StudioNode => node.type === "studio";

export type NodeRunStatus =
  | "queued" | "running" | "completed" | "cached" | "failed" | "skipped" | "cancelled";

export interface NodeRunState {
  status: NodeRunStatus;
  fraction?: number | null;
  message?: string;
  outputs?: Record<string, OutputValue>;
  error?: string;
}

export type RunPhase = "idle" | "starting" | "running" | "completed" | "failed" | "cancelled";

export type SaveState = "loading" | "saved" | "dirty" | "saving" | "offline" | "error";

export type PaletteItem = Pick<NodeSpec, "type" | "title" | "category" | "description">;

export type ContextMenuState =
  | { kind: "node"; nodeId: string; x: number; y: number }
  | { kind: "pane"; x: number; y: number; flow: XYPosition };

export interface GraphSnapshot {
  nodes: EditorNode[];
  edges: EditorEdge[];
}

export interface GalleryItem {
  nodeId: string;
  nodeTitle: string;
  port: string;
  output: OutputValue;
}
