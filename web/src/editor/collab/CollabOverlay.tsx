// Collaborators on the canvas: each one's pointer (an arrow and their name, in their colour) and an outline around
// each node they have selected, named above it unless their pointer already names them there. Drawn over the flow
// in screen space from flow coordinates, so it follows this viewer's pan and zoom; it takes no pointer events.
// Names never cover a node's title (labelPlacement), and a long one is cut to LABEL_MAX_WIDTH with an ellipsis.

import { memo, useMemo, type CSSProperties } from "react";
import { useInternalNode, useStore, useStoreApi, useViewport, type Viewport } from "@xyflow/react";
import {
  headerOf, LABEL_MAX_WIDTH, OUTLINE_PAD, pointerLabelAt, pointerNamesSelection, selectionLabelLeft, type Box,
  type Point,
} from "./labelPlacement";
import { useCollabInfo, type Peer } from "./presence";

const LABEL = "truncate rounded px-1.5 py-0.5 text-[11px] font-medium leading-none text-white shadow";

/** A person's name on the canvas, in their colour: on one line, cut with an ellipsis past LABEL_MAX_WIDTH (as the
 * Share dialog cuts a member's name to its row), whole in its text (read out whole) and its title. */
export function PresenceLabel({ name, color, className = "", style }:
  { name: string; color: string; className?: string; style?: CSSProperties }) {
  return (
    <span data-testid="presence-label" title={name} className={`absolute ${LABEL} ${className}`}
      style={{ ...style, background: color, maxWidth: LABEL_MAX_WIDTH }}>
      {name}
    </span>
  );
}

/** Where a flow point is on this viewer's screen (within the canvas). */
const onScreen = (point: Point, viewport: Viewport): Point =>
  ({ x: point.x * viewport.zoom + viewport.x, y: point.y * viewport.zoom + viewport.y });

function RemoteCursor({ peer, viewport, headers }: { peer: Peer; viewport: Viewport; headers: readonly Box[] }) {
  if (!peer.cursor) return null;
  const tip = onScreen(peer.cursor, viewport);
  const label = pointerLabelAt(tip, peer.user.name, headers);
  return (
    <div data-testid="remote-cursor" data-user-name={peer.user.name} className="absolute left-0 top-0"
      style={{ transform: `translate(${tip.x}px, ${tip.y}px)`, transition: "transform 80ms linear" }}>
      <svg width="16" height="18" viewBox="0 0 16 18" aria-hidden="true">
        <path d="M1 1 L1 15 L5 11 L8 17 L10.5 16 L7.5 10 L13 10 Z" fill={peer.user.color} stroke="white"
          strokeWidth="1.2" strokeLinejoin="round" />
      </svg>
      <PresenceLabel name={peer.user.name} color={peer.user.color}
        style={{ left: label.x - tip.x, top: label.y - tip.y }} />
    </div>
  );
}

/** Whether `peer`'s selection of the node at `box` is named by its own label: not when their pointer, there, names
 * them (one name per person by a node). */
const selectionNamed = (peer: Peer, box: Box, viewport: Viewport): boolean =>
  !pointerNamesSelection(peer.cursor && onScreen(peer.cursor, viewport), box);

/** `peer`'s outline of the node `nodeId`; `before`: those who selected it before, whose names come first. */
const RemoteSelection = memo(function RemoteSelection({ nodeId, peer, before, viewport }:
  { nodeId: string; peer: Peer; before: readonly Peer[]; viewport: Viewport }) {
  const node = useInternalNode(nodeId);
  if (!node) return null;
  const { x, y } = onScreen(node.internals.positionAbsolute, viewport);
  const width = (node.measured.width ?? node.width ?? 0) * viewport.zoom;
  const height = (node.measured.height ?? node.height ?? 0) * viewport.zoom;
  const box = { x, y, width, height };
  const pad = OUTLINE_PAD;
  const named = selectionNamed(peer, box, viewport);
  const left = selectionLabelLeft(before.filter((other) => selectionNamed(other, box, viewport))
    .map((other) => other.user.name));
  return (
    <div data-testid="remote-selection" data-node-id={nodeId} data-user-name={peer.user.name} data-named={named}
      className="absolute left-0 top-0 rounded-lg"
      style={{ transform: `translate(${x - pad}px, ${y - pad}px)`,
        width: width + pad * 2, height: height + pad * 2, outline: `2px solid ${peer.user.color}` }}>
      {/* above the node's top edge, off its title, at the left corner: a node's comment pin sits on its top-right */}
      {named && (
        <PresenceLabel name={peer.user.name} color={peer.user.color} className="-top-5" style={{ left }} />
      )}
    </div>
  );
});

/** The headers of the nodes on the canvas, on screen: where no pointer's name goes. Worked out again as nodes change
 * (added, measured, moved) and as the view moves; only while someone's pointer is on the canvas. */
function useHeaders(viewport: Viewport, wanted: boolean): readonly Box[] {
  const nodes = useStore((s) => s.nodes);
  const store = useStoreApi();
  return useMemo(() => {
    if (!wanted || nodes.length === 0) return [];
    const headers: Box[] = [];
    for (const node of store.getState().nodeLookup.values()) {
      if (node.hidden) continue;
      const width = (node.measured.width ?? node.width ?? 0) * viewport.zoom;
      const height = (node.measured.height ?? node.height ?? 0) * viewport.zoom;
      headers.push(headerOf({ ...onScreen(node.internals.positionAbsolute, viewport), width, height }, viewport.zoom));
    }
    return headers;
  }, [nodes, store, viewport, wanted]);
}

export function CollabOverlay() {
  const peers = useCollabInfo((s) => s.peers);
  const viewport = useViewport();
  const headers = useHeaders(viewport, peers.some((peer) => peer.cursor));
  if (peers.length === 0) return null;
  return (
    <div className="pointer-events-none absolute inset-0 overflow-hidden" style={{ zIndex: 5 }}
      data-testid="collab-overlay">
      {peers.flatMap((peer, index) => peer.selection.map((id) => (
        <RemoteSelection key={`${peer.clientId}:${id}`} nodeId={id} peer={peer} viewport={viewport}
          before={peers.slice(0, index).filter((other) => other.selection.includes(id))} />)))}
      {peers.map((peer) => <RemoteCursor key={peer.clientId} peer={peer} viewport={viewport} headers={headers} />)}
    </div>
  );
}
