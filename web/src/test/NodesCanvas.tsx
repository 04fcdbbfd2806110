// The editor's nodes drawn by React Flow with the studio's node types and no edges: what a component test of the
// node views renders (wrap it in a ReactFlowProvider).

import { ReactFlow } from "@xyflow/react";
import { nodeTypes } from "../editor/nodes/nodeTypes";
import { useEditor } from "../editor/store/editorStore";

export function NodesCanvas() {
  const nodes = useEditor((s) => s.nodes);
  return <div style={{ width: 800, height: 600 }}><ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} /></div>;
}
