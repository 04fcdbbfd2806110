// The xyflow canvas: typed connections (dropped on empty canvas: quick-add what fits), drag-and-drop from the
// palette and of files (dropFiles.ts), menus, a minimap that jumps where it is clicked, and controls. By keyboard:
// the canvas is a Tab stop whose arrows move the view, Tab goes through every node, L connects the node it is on,
// Delete deletes the node or connection in the focus ring (else the selection).

import { useCallback, useEffect, useRef, useState, type DragEvent, type MouseEvent } from "react";
import {
  Background, BackgroundVariant, ControlButton, Controls, MiniMap, ReactFlow, useNodesInitialized, useReactFlow,
  type Connection, type Edge, type FinalConnectionState, type FitViewOptions, type OnConnectEnd,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTheme } from "../app/theme";
import { CollabOverlay } from "./collab/CollabOverlay";
import { isGhostId, type CanvasNode } from "./dock/ghosts";
import { PlanChangeLabels } from "./dock/PlanChangeLabels";
import { useCanvasChanges, usePlanPreview } from "./dock/usePlanPreview";
import { shareCursor } from "./collab/session";
import { dropFiles } from "./dropFiles";
import { isWorkflowFileName } from "./openWorkflowFile";
import { nodeRefusedNow, refusedNow } from "./fields/lockedWords";
import { EmptyCanvasHint } from "./EmptyCanvasHint";
import { PendingUploads } from "./PendingUploads";
import { checkConnection } from "./graph/edit";
import { ConnectChooser } from "./ConnectChooser";
import { useFocusKeptOnCanvas } from "./canvasFocus";
import { useNodesFirstTabOrder } from "./tabOrder";
import { useNodesClearOfPanel } from "./clearOfPanel";
import { categoryFamily } from "./graph/search";
import { nodeTypes } from "./nodes/nodeTypes";
import { useNarrowScreen } from "./palette/overCanvas";
import { FIT_MARGIN, useFitGraph, useShowInView, useVisibleCanvas } from "./hooks/useCanvasCentre";
import { phoneOpeningView, PHONE_MIN_ZOOM } from "./phoneView";
import { useDeleteKeys } from "./hooks/useDeleteKeys";
import { useKeyboardPan } from "./hooks/useKeyboardPan";
import { useStyledEdges } from "./hooks/useStyledEdges";
import { DetailContext, useZoomedIn } from "./hooks/useZoomedIn";
import { useEditor } from "./store/editorStore";
import { readOnly } from "./store/graphSlice";
import type { EditorEdge } from "./types";

export const NODE_DRAG_TYPE = "application/karate-node";
const LARGE_GRAPH = 150;

const MINIMAP_COLORS: Record<string, string> = {
  inputs: "#f59e0b", tools: "#6366f1", outputs: "#10b981", models: "#ec4899",
};

// Props that never change live out here: React Flow treats a new object or function as a change, and a
// new defaultEdgeOptions or nodeColor redraws every edge and minimap node (each run update re-renders Canvas).
const MULTI_SELECT_KEYS = ["Meta", "Control"];
// On open the dock is not measured yet: room for it as it first shows (one line, 16 px off the foot) is kept below.
const FIT_VIEW: FitViewOptions = {
  padding: { top: `${FIT_MARGIN}px`, x: `${FIT_MARGIN}px`, bottom: `${FIT_MARGIN + 72}px` }, maxZoom: 1,
};
const FIT_VIEW_PHONE: FitViewOptions = { ...FIT_VIEW, minZoom: PHONE_MIN_ZOOM };
const EDGE_OPTIONS = { type: "default" };
/** The canvas's own focus ring, drawn inside its edge (a click on it shows none: :focus-visible). */
const CANVAS_RING = "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent";
const minimapColor = (node: CanvasNode) => node.type === "studio"
  ? MINIMAP_COLORS[categoryFamily(useEditor.getState().specsByType.get(node.data.nodeType)?.category ?? "")]
    ?? "#94a3b8"
  : "transparent";

// On a phone xyflow's 200 × 150 minimap covered a fifth of the canvas, and even at 120 × 90 it hid nodes: there it
// shows only when asked for (the Map button in the controls), drawn smaller (its width and height are read from its
// style).
const PHONE_MINIMAP = { width: 120, height: 90 };

/** xyflow's fit-view icon (four corners), for the fit button that fits above the dock. */
const FIT_ICON = "M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2"
  + "v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215"
  + "v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0"
  + "v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z";

function FitViewIcon() {
  return <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden="true"><path d={FIT_ICON} /></svg>;
}

/** A folded map: the Map button's icon. */
function MapIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" style={{ fill: "none" }} stroke="currentColor" strokeWidth="1.5"
      strokeLinejoin="round"><path d="M1.5 3.5 5.5 2l5 1.5 4-1.5v10.5l-4 1.5-5-1.5-4 1.5zM5.5 2v10.5M10.5 3.5V14" /></svg>
  );
}

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
  const { onNodesChange, onEdgesChange } = useCanvasChanges();
  const theme = useTheme((s) => s.theme);
  // a project shared as viewer, or public: looked at, selected to inspect, never moved, wired or deleted
  const locked = useEditor((s) => readOnly(s.workflow));
  const { screenToFlowPosition, setCenter, getZoom, getNodes, getNodesBounds, setViewport } = useReactFlow();
  const phone = useNarrowScreen();
  const [mapOnPhone, setMapOnPhone] = useState(false);
  const fitGraph = useFitGraph();
  const visibleCanvas = useVisibleCanvas();
  const showInView = useShowInView();
  const fitView = useEditor((s) => s.fitView);
  useNodesClearOfPanel();  // a panel opening over the right edge: the nodes it would cover stay in sight
  useNodesFirstTabOrder();  // xyflow draws the connections first: Tab would go through them all first
  useFocusKeptOnCanvas();  // a node deleted or renamed, a menu closed: the focus stays on the canvas
  useDeleteKeys(!locked);  // Delete takes the connection or node in the focus ring first, else the selection
  const panByKey = useKeyboardPan();  // the canvas focused: the arrows move the view
  useEffect(() => {  // asked for (a restored version replaced the graph, Show why): once its nodes are drawn
    if (fitView.n === 0) return;
    const frame = requestAnimationFrame(() => fitGraph(fitView.ids ?? undefined));
    return () => cancelAnimationFrame(frame);
  }, [fitView, fitGraph]);
  // Fit a loaded graph once; an empty canvas keeps the default view so the first drop lands where dropped. xyflow's
  // fit on open knows only the dock's room: once the nodes are measured, the graph is fitted again, at once, clear
  // of the minimap too; on a phone, no smaller than can be read: as many of its leftmost nodes as fit whole at a
  // readable zoom, clear of the zoom buttons (phoneView.ts).
  const [fitOnOpen] = useState(() => useEditor.getState().nodes.length > 0);
  const measured = useNodesInitialized();
  const refitted = useRef(!fitOnOpen);
  useEffect(() => {
    if (!measured || refitted.current) return;
    refitted.current = true;
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const boxes = getNodes().map((node) => getNodesBounds([node]));
    const opening = phone && pane && pane.width > 0 ? phoneOpeningView(pane, boxes, PHONE_MIN_ZOOM) : null;
    if (opening) void setViewport(opening);
    else fitGraph(undefined, 0);
  }, [measured, fitGraph, phone, getNodes, getNodesBounds, setViewport]);
  // Culling costs a remount when a node re-enters the view, so it only pays off on large graphs, zoomed in:
  // zoomed out, nodes draw only their title and ports, and culling would mount and unmount them on every pan.
  const detailed = useZoomedIn();
  const cull = nodes.length > LARGE_GRAPH && detailed;

  const styledEdges = useStyledEdges(edges, detailed);
  const shown = usePlanPreview(nodes, styledEdges);  // with the AI dock's plan previewed over the graph

  const onConnect = useCallback((connection: Connection) => {
    const problem = useEditor.getState().connectPorts(connection);
    if (problem) useEditor.getState().notify(problem, "error");
  }, []);

  const onConnectEnd = useCallback<OnConnectEnd>((event, state) => {
    const connection = attempted(state);
    const problem = connection && !state.isValid ? problemOf(connection) : null;
    if (problem) useEditor.getState().notify(problem, "error");
    // Dropped on empty canvas: offer the nodes that fit this handle, there, and connect the one picked.
    const from = state.fromHandle;
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!connection && from?.id && point && (event.target as Element | null)?.classList.contains("react-flow__pane")) {
      const at = { x: point.clientX, y: point.clientY };
      useEditor.getState().openQuickAdd({ ...at, flow: screenToFlowPosition(at),
        from: { nodeId: from.nodeId, handleId: from.id, handleType: from.type } });
    }
  }, [screenToFlowPosition]);

  const onMiniMapClick = useCallback((_event: MouseEvent, position: { x: number; y: number }) => {
    void setCenter(position.x, position.y, { zoom: getZoom(), duration: 250 });
  }, [setCenter, getZoom]);

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
    const files = [...event.dataTransfer.files];
    // a project that takes no change now (view only, still opening, its live link ended): the drop is told why,
    // rather than fall without a word (or upload files whose nodes the store then refuses)
    if (nodeType) {
      if (!nodeRefusedNow(nodeType, "drag it again")) store.addNode(nodeType, position);
      return;
    }
    if (!files.length) return;
    const media = files.filter((file) => !isWorkflowFileName(file));  // a workflow file is offered as a new project
    const [notMade, again] = media.length === 1 ? [`“${media[0].name}” was not added`, "drop it again"]
      : [`${media.length} files were not added`, "drop them again"];
    if (media.length && refusedNow(notMade, again, "add files to it")) return;
    // no room in view for every file's node: the view pans to them, zooming out only as far as they need and can
    // be read (useShowInView)
    void dropFiles(files, position, visibleCanvas() ?? undefined).then((outside) => {
      if (outside.length) requestAnimationFrame(() => showInView(outside));
    });
  }, [screenToFlowPosition, visibleCanvas, showInView]);

  const openQuickAdd = useCallback((event: MouseEvent | globalThis.MouseEvent) => {
    event.preventDefault();
    if (readOnly(useEditor.getState().workflow)) return;
    useEditor.getState().openQuickAdd({ x: event.clientX, y: event.clientY,
      flow: screenToFlowPosition({ x: event.clientX, y: event.clientY }) });
  }, [screenToFlowPosition]);

  const onDoubleClick = useCallback((event: MouseEvent) => {
    if ((event.target as HTMLElement).classList.contains("react-flow__pane")) openQuickAdd(event);
  }, [openQuickAdd]);

  const onNodeContextMenu = useCallback((event: MouseEvent, node: CanvasNode) => {
    event.preventDefault();
    if (readOnly(useEditor.getState().workflow) || isGhostId(node.id)) return;
    useEditor.getState().openMenu({ kind: "node", nodeId: node.id, x: event.clientX, y: event.clientY });
  }, []);

  // This user's pointer, shared in flow coordinates (each viewer draws it at their own pan and zoom).
  const onMouseMove = useCallback((event: MouseEvent) => {
    shareCursor(screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }, [screenToFlowPosition]);
  const onMouseLeave = useCallback(() => shareCursor(null), []);

  const closeMenus = useCallback(() => {
    const store = useEditor.getState();
    if (store.menu || store.quickAdd) store.openMenu(null);
  }, []);

  return (
    <div className="relative h-full flex-1" onDoubleClick={onDoubleClick} data-testid="canvas"
      data-locked={locked} onMouseMove={onMouseMove} onMouseLeave={onMouseLeave}>
      {/* the level of detail, read once here for every node: a subscription each would run on every pan frame */}
      <DetailContext.Provider value={detailed}>
        <ReactFlow<CanvasNode, EditorEdge>
          nodes={shown.nodes} edges={shown.edges} nodeTypes={nodeTypes} colorMode={theme}
          onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onConnect={onConnect}
          onConnectEnd={onConnectEnd} isValidConnection={isValidConnection}
          onDrop={onDrop} onDragOver={onDragOver} onPaneClick={closeMenus} onMoveStart={closeMenus}
          onPaneContextMenu={openQuickAdd} onNodeContextMenu={onNodeContextMenu}
          nodesDraggable={!locked} nodesConnectable={!locked} edgesReconnectable={!locked}
          onlyRenderVisibleElements={cull} zoomOnDoubleClick={false} deleteKeyCode={null}
          multiSelectionKeyCode={MULTI_SELECT_KEYS} selectionKeyCode="Shift"
          minZoom={0.1} maxZoom={2.5} fitView={fitOnOpen} fitViewOptions={phone ? FIT_VIEW_PHONE : FIT_VIEW}
          defaultEdgeOptions={EDGE_OPTIONS} tabIndex={0} aria-label="Canvas" aria-describedby="canvas-keys"
          onKeyDown={panByKey} className={CANVAS_RING}>
          {/* zoomed out, the dots would be 2 px apart: noise that the page repaints on every pan */}
          {detailed && <Background variant={BackgroundVariant.Dots} gap={20} size={1} />}
          <Controls position="bottom-left" showInteractive={!locked} showFitView={false}>
            {/* xyflow's own fit button knows nothing of the AI dock over the canvas's foot */}
            <ControlButton className="react-flow__controls-fitview" onClick={() => fitGraph()} title="Fit View (F)"
              aria-label="Fit View"><FitViewIcon /></ControlButton>
            {phone && (
              <ControlButton onClick={() => setMapOnPhone((shown) => !shown)} aria-pressed={mapOnPhone}
                title={mapOnPhone ? "Hide the map" : "Show a map of the whole graph"}
                aria-label={mapOnPhone ? "Hide map" : "Show map"} data-testid="map-toggle"><MapIcon /></ControlButton>
            )}
          </Controls>
          {(!phone || mapOnPhone) && (
            <MiniMap position="bottom-right" pannable zoomable ariaLabel="Minimap" onClick={onMiniMapClick}
              nodeColor={minimapColor} style={phone ? PHONE_MINIMAP : undefined} />
          )}
          <CollabOverlay />
          <PlanChangeLabels />
          <PendingUploads />
        </ReactFlow>
        <EmptyCanvasHint empty={shown.nodes.length === 0} />
      </DetailContext.Provider>
      <p id="canvas-keys" hidden>Arrow keys move the view, Shift and an arrow further; Tab goes to the nodes</p>
      <ConnectChooser />
    </div>
  );
}
