// The benchmark's reference page: @xyflow/react with default nodes and nothing else, laid out as the editor's
// 500-node graph (25 per row, a chain of edges along each row). ?nodes=N changes the count.

import { createElement as h, useCallback, useState } from "react";
import { createRoot } from "react-dom/client";
import { ReactFlow, applyEdgeChanges, applyNodeChanges } from "@xyflow/react";
import "@xyflow/react/dist/style.css";

const count = Number(new URLSearchParams(window.location.search).get("nodes") ?? 500);
const PER_ROW = 25;

const initialNodes = Array.from({ length: count }, (_, index) => {
  const row = Math.floor(index / PER_ROW);
  const col = index % PER_ROW;
  return { id: `n${index}`, position: { x: col * 320, y: row * 420 }, data: { label: `Node ${index}` } };
});
const initialEdges = initialNodes.filter((_, index) => index % PER_ROW !== 0)
  .map((node, i) => ({ id: `e${node.id}`, source: `n${Number(node.id.slice(1)) - 1}`, target: node.id }));

function Bare() {
  const [nodes, setNodes] = useState(initialNodes);
  const [edges, setEdges] = useState(initialEdges);
  const onNodesChange = useCallback((changes) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes) => setEdges((es) => applyEdgeChanges(changes, es)), []);
  return h("div", { style: { width: "100vw", height: "100vh" } },
    h(ReactFlow, { nodes, edges, onNodesChange, onEdgesChange, fitView: true, minZoom: 0.1, maxZoom: 2.5,
      fitViewOptions: { padding: 0.25, maxZoom: 1 } }));
}

createRoot(document.getElementById("root")).render(h(Bare));
