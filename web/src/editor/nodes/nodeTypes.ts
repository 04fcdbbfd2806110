// Registered once at module scope, as xyflow asks (a new object per render remounts every node).

import type { NodeTypes } from "@xyflow/react";
import FrameNodeView from "./FrameNodeView";
import StudioNodeView from "./StudioNodeView";

export const nodeTypes: NodeTypes = {
  studio: StudioNodeView,
  frame: FrameNodeView,
};
