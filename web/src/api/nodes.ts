// The node registry: every palette entry and parameter form comes from GET /api/v1/nodes, and so does the
// rule of which ports connect (the engine's own table, kept here once loaded for editor/graph/ports.ts).

import { request } from "./client";
import type { NodeCatalog, NodeSpec, PortConnection } from "./types";

let connections: readonly PortConnection[] = [];

/** The pairings of output and input kinds the server accepts, as last loaded (empty before the first load). */
export const portConnections = (): readonly PortConnection[] => connections;

/** Replace the connection table (the catalog does on load; tests use the fixture's). */
export function setPortConnections(table: readonly PortConnection[]): void {
  connections = table;
}

/** The catalog: node types and the connection table, which it installs for the editor's checks. */
export async function fetchNodeCatalog(): Promise<NodeCatalog> {
  const catalog = await request<NodeCatalog>("nodes");
  setPortConnections(catalog.connections);
  return catalog;
}

export async function fetchNodeSpecs(): Promise<NodeSpec[]> {
  return (await fetchNodeCatalog()).nodes;
}
