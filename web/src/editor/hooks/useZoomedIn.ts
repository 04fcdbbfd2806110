// The nodes' level of detail: zoomed in far enough, a node draws its form, preview and animations; zoomed out,
// only its title, status and ports (far fewer DOM nodes, nothing that repaints on its own).

import { createContext, useContext } from "react";
import { useStore, type ReactFlowState } from "@xyflow/react";

/** Below this zoom, forms are unreadable. */
export const DETAIL_ZOOM = 0.45;
/** A graph this large opens zoomed out: until its first fit, nodes draw no detail (that would be thrown away). */
const LARGE_GRAPH = 150;

const zoomedIn = (s: ReactFlowState) =>
  s.transform[2] >= DETAIL_ZOOM && !(s.fitViewQueued && s.nodeLookup.size > LARGE_GRAPH);

/** True when nodes draw their details; re-renders only when that changes, not on every zoom step. The canvas
 * reads it once and hands it to its nodes through `DetailContext`: a subscription per node would run 500
 * selectors on every pan frame. */
export function useZoomedIn(): boolean {
  return useStore(zoomedIn);
}

/** The canvas's level of detail, for its nodes: they re-render only when it flips. */
export const DetailContext = createContext(true);

/** True when a node on the canvas draws its details (see `DetailContext`). */
export function useDetailed(): boolean {
  return useContext(DetailContext);
}
