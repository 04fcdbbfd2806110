// Shared editor types: the canvas's node and edge unions, run state per node, menus and palette items.

import type { Edge, Node, XYPosition } from "@xyflow/react";
import type { NodeRunStatus, NodeSpec, OutputValue, PortType } from "../api/types";

/** Data of a node that the engine runs; `nodeType` is the registry id (e.g. "tool.blur"). */
export type StudioNodeData = {
  nodeType: string;
  params: Record<string, unknown>;
  /** Bypassed (muted): the engine passes its inputs through instead of running it. */
  bypass?: boolean;
  /** Drawn as its title bar and ports only. */
  collapsed?: boolean;
  /** The name the user gave it, shown instead of its type's title. */
  title?: string;
};
export type StudioNode = Node<StudioNodeData, "studio">;

/** A titled frame that groups nodes; it is never sent to the engine. */
export type FrameNodeData = { title: string };
export type FrameNode = Node<FrameNodeData, "frame">;

export type EditorNode = StudioNode | FrameNode;
export type EditorEdge = Edge<{ portType: PortType }>;

export const isStudioNode = (node: EditorNode): node is StudioNode => node.type === "studio";

/** A node's status in a run: the server's own vocabulary (NodeStatus), one for the whole studio. */
export type { NodeRunStatus };

export interface NodeRunState {
  status: NodeRunStatus;
  /** Completed from the cache, not executed. */
  cached?: boolean;
  /** When it started running (ms since the epoch), for the elapsed time its badge shows. */
  startedAt?: number;
  fraction?: number | null;
  message?: string;
  outputs?: Record<string, OutputValue>;
  /** The `filename` setting the node had in the run that made `outputs` ("" for none), when known: its files are
   * saved under the name that run gave them, whatever the node is set to since (viewer/results.ts). */
  madeAs?: string;
  error?: string;
  /** What kind of error `error` is, in the server's words (`provider_not_configured`...), when it said. */
  errorCode?: string;
}

export type RunPhase = "idle" | "starting" | "running" | "completed" | "failed" | "cancelled";

/** Whether this page is starting or following a run: no other is started or picked meanwhile (the page follows one
 * run at a time; starting a second dropped the first from view, its Cancel button included). */
export const runUnderWay = (phase: RunPhase): boolean => phase === "running" || phase === "starting";

/** The title's save (the graph itself lives in the collaborative document, see CollabStatus). */
export type SaveState = "loading" | "saved" | "dirty" | "saving" | "offline" | "error";

/** The link to the workflow's live document: `local` (no session: a document only this page holds), `connecting`
 * (opened, not yet synced: the canvas shows the last saved graph and takes no edits), `live` (connected and in
 * sync), `offline` (lost after having been live: edits are kept and merge on return), `reconnecting` (trying again
 * after that), `closed` (the server ended it for good: signed out, access removed, or the project is gone). */
export type CollabStatus = "local" | "connecting" | "live" | "offline" | "reconnecting" | "closed";

export type PaletteItem = Pick<NodeSpec, "type" | "title" | "category" | "description">;

/** The handle a connection was dragged from and dropped on empty canvas: quick-add offers what fits it. */
export interface PortOrigin {
  nodeId: string;
  handleId: string;
  /** "source": an output, so the new node needs a fitting input; "target": an input. */
  handleType: "source" | "target";
}

export type ContextMenuState =
  | { kind: "node"; nodeId: string; x: number; y: number }
  | { kind: "pane"; x: number; y: number; flow: XYPosition };

export interface GraphSnapshot {
  nodes: EditorNode[];
  edges: EditorEdge[];
}
