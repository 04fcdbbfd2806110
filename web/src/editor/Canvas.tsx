// The xyflow canvas: typed connections, drag-and-drop from the palette, menus, minimap and controls.

import { useCallback, useMemo, useState, type DragEvent, type MouseEvent } from "react";
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type Edge, type FinalConnectionState, type OnConnectEnd,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { acceptsFile, uploadAsset } from "../api/assets";
import { useTheme } from "../app/theme";
import { checkConnection } from "./graph/edit";
import { portColor } from "./graph/ports";
import { categoryFamily } from "./graph/search";
import { nodeTypes } from "./nodes/nodeTypes";
import { useEditor } from "./store/editorStore";
import type { EditorEdge, EditorNode } from "./types";

export const NODE_DRAG_TYPE = "application/karate-node";
const LARGE_GRAPH = 150;

const MINIMAP_COLORS: Record<string, string> = {
  inputs: "#f59e0b", tools: "#6366f1", outputs: "#10b981", models: "#ec4899",
};

function problemOf(connection: Connection | Edge): string | null {
  const { nodes, specsByType } = useEditor.getState();
  const check = checkConnection(connection, nodes, specsByType);
  return "problem" in check ? check.problem : null;
}

/** The dropped-on connection, oriented output → input, when the drag ended on a handle. */
function attempted(state: FinalConnectionState): Connection | null {
  const { fromHandle, toHandle } = state;
  if (!fromHandle || !toHandle) return null;
  const [out, into] = fromHandle.type === "source" ? [fromHandle, toHandle] : [toHandle, fromHandle];
  return { source: out.nodeId, sourceHandle: out.id ?? null, target: into.nodeId,
    targetHandle: into.id ?? null };
}

export function Canvas() {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const nodeRuns = useEditor((s) => s.nodeRuns);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const theme = useTheme((s) => s.theme);
  const { screenToFlowPosition } = useReactFlow();
  // Fit a loaded graph once; an empty canvas keeps the default view so the first drop lands where dropped.
  const [fitOnOpen] = useState(() => useEditor.getState().nodes.length > 0);
  // Culling costs a remount when a node re-enters the view, so it only pays off on large graphs.
  const cull = nodes.length > LARGE_GRAPH;

  const styledEdges = useMemo<EditorEdge[]>(() => edges.map((edge) => ({
    ...edge,
    animated: nodeRuns[edge.target]?.status === "running",
    style: { stroke: edge.data ? portColor(edge.data.portType) : undefined, strokeWidth: edge.selected ? 3 : 2 },
  })), [edges, nodeRuns]);

  const onConnect = useCallback((connection: Connection) => {
    const problem = useEditor.getState().connectPorts(connection);
    if (problem) useEditor.getState().notify(problem, "error");
  }, []);

  const onConnectEnd = useCallback<OnConnectEnd>((_event, state) => {
    const connection = attempted(state);
    const problem = connection && !state.isValid ? problemOf(connection) : null;
    if (problem) useEditor.getState().notify(problem, "error");
  }, []);

  const isValidConnection = useCallback((c: Connection | Edge) => problemOf(c) === null, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(NODE_DRAG_TYPE) || event.dataTransfer.types.includes("Files")) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const store = useEditor.getState();
    const nodeType = event.dataTransfer.getData(NODE_DRAG_TYPE);
    if (nodeType) {
      store.addNode(nodeType, position);
      return;
    }
    const file = event.dataTransfer.files[0];
    if (file && acceptsFile("image", file) && store.specsByType.has("input.image")) {
      const id = store.addNode("input.image", position);
      // a refused file leaves no empty node behind: the message says why it was refused
      if (id) uploadAsset(file).then((asset) => store.updateParams(id, { asset_id: asset.id }), (error: Error) => {
        useEditor.getState().deleteNodes([id]);
        store.notify(`Upload failed: ${error.message}`, "error");
      });
    }
  }, [screenToFlowPosition]);

  const openQuickAdd = useCallback((event: MouseEvent | globalThis.MouseEvent) => {
    event.preventDefault();
    useEditor.getState().openQuickAdd({ x: event.clientX, y: event.clientY,
      flow: screenToFlowPosition({ x: event.clientX, y: event.clientY }) });
  }, [screenToFlowPosition]);

  const onDoubleClick = useCallback((event: MouseEvent) => {
    if ((event.target as HTMLElement).classList.contains("react-flow__pane")) openQuickAdd(event);
  }, [openQuickAdd]);

  const onNodeContextMenu = useCallback((event: MouseEvent, node: EditorNode) => {
    event.preventDefault();
    useEditor.getState().openMenu({ kind: "node", nodeId: node.id, x: event.clientX, y: event.clientY });
  }, []);

  const closeMenus = useCallback(() => {
    const store = useEditor.getState();
    if (store.menu || store.quickAdd) store.openMenu(null);
  }, []);

  return (
    <div className="relative h-full flex-1" onDoubleClick={onDoubleClick} data-testid="canvas">
      <ReactFlow<EditorNode, EditorEdge>
        nodes={nodes} edges={styledEdges} nodeTypes={nodeTypes} colorMode={theme}
        onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onConnect={onConnect}
        onConnectEnd={onConnectEnd} isValidConnection={isValidConnection}
        onNodeDragStart={() => useEditor.getState().checkpoint()}
        onDrop={onDrop} onDragOver={onDragOver} onPaneClick={closeMenus} onMoveStart={closeMenus}
        onPaneContextMenu={openQuickAdd} onNodeContextMenu={onNodeContextMenu}
        onlyRenderVisibleElements={cull} zoomOnDoubleClick={false} deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Meta", "Control"]} selectionKeyCode="Shift"
        minZoom={0.1} maxZoom={2.5} fitView={fitOnOpen} fitViewOptions={{ padding: 0.25, maxZoom: 1 }}
        defaultEdgeOptions={{ type: "default" }}>
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <Controls position="bottom-left" />
        <MiniMap position="bottom-right" pannable zoomable ariaLabel="Minimap"
          nodeColor={(node: EditorNode) => node.type === "studio"
            ? MINIMAP_COLORS[categoryFamily(useEditor.getState().specsByType.get(node.data.nodeType)?.category ?? "")]
              ?? "#94a3b8"
            : "transparent"} />
      </ReactFlow>
    </div>
  );
}
