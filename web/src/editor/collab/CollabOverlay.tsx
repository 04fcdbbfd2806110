// Collaborators on the canvas: each one's pointer (an arrow and their name, in their colour) and an outline, with
// their name, around each node they have selected. Drawn over the flow in screen space from flow coordinates, so
// it follows this viewer's pan and zoom; it takes no pointer events.

import { memo } from "react";
import { useInternalNode, useViewport, type Viewport } from "@xyflow/react";
import { useCollabInfo, type Peer } from "./presence";

const LABEL = "whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium leading-none text-white shadow";

function RemoteCursor({ peer, viewport }: { peer: Peer; viewport: Viewport }) {
  if (!peer.cursor) return null;
  const left = peer.cursor.x * viewport.zoom + viewport.x;
  const top = peer.cursor.y * viewport.zoom + viewport.y;
  return (
    <div data-testid="remote-cursor" data-user-name={peer.user.name} className="absolute left-0 top-0"
      style={{ transform: `translate(${left}px, ${top}px)`, transition: "transform 80ms linear" }}>
      <svg width="16" height="18" viewBox="0 0 16 18" aria-hidden="true">
        <path d="M1 1 L1 15 L5 11 L8 17 L10.5 16 L7.5 10 L13 10 Z" fill={peer.user.color} stroke="white"
          strokeWidth="1.2" strokeLinejoin="round" />
      </svg>
      <span className={`absolute left-3.5 top-4 ${LABEL}`} style={{ background: peer.user.color }}>
        {peer.user.name}
      </span>
    </div>
  );
}

const RemoteSelection = memo(function RemoteSelection({ nodeId, peer, viewport }:
  { nodeId: string; peer: Peer; viewport: Viewport }) {
  const node = useInternalNode(nodeId);
  if (!node) return null;
  const { x, y } = node.internals.positionAbsolute;
  const width = (node.measured.width ?? node.width ?? 0) * viewport.zoom;
  const height = (node.measured.height ?? node.height ?? 0) * viewport.zoom;
  const pad = 4;
  return (
    <div data-testid="remote-selection" data-node-id={nodeId} data-user-name={peer.user.name}
      className="absolute left-0 top-0 rounded-lg"
      style={{ transform: `translate(${x * viewport.zoom + viewport.x - pad}px, ${y * viewport.zoom + viewport.y - pad}px)`,
        width: width + pad * 2, height: height + pad * 2, outline: `2px solid ${peer.user.color}` }}>
      {/* above the left corner: a node's comment pin sits on its top-right corner */}
      <span className={`absolute -top-5 left-0 ${LABEL}`} style={{ background: peer.user.color }}>
        {peer.user.name}
      </span>
    </div>
  );
});

export function CollabOverlay() {
  const peers = useCollabInfo((s) => s.peers);
  const viewport = useViewport();
  if (peers.length === 0) return null;
  return (
    <div className="pointer-events-none absolute inset-0 overflow-hidden" style={{ zIndex: 5 }}
      data-testid="collab-overlay">
      {peers.flatMap((peer) => peer.selection.map((id) => (
        <RemoteSelection key={`${peer.clientId}:${id}`} nodeId={id} peer={peer} viewport={viewport} />)))}
      {peers.map((peer) => <RemoteCursor key={peer.clientId} peer={peer} viewport={viewport} />)}
    </div>
  );
}
