// Registered once at module scope, as xyflow asks (a new object per render remounts every node).

import type { NodeTypes } from "@xyflow/react";
import GhostNodeView from "../dock/GhostNodeView";
import FrameNodeView from "./FrameNodeView";
import StudioNodeView from "./StudioNodeView";

export const nodeTypes: NodeTypes = {
  studio: StudioNodeView,
  frame: FrameNodeView,
  ghost: GhostNodeView,  // a node the AI dock's plan would add, previewed
};
