// The node registry: every palette entry and parameter form comes from GET /api/v1/nodes, and so do the
// rule of which ports connect (the engine's own table, kept here once loaded for editor/graph/ports.ts) and the
// studio's pixel limit (kept here for the scale selects of upscalers, editor/fields/scaleLimit.ts).

import { request } from "./client";
import type { NodeCatalog, NodeSpec, PortConnection } from "./types";

let connections: readonly PortConnection[] = [];
let maxImagePixels: number | null = null;

/** The pairings of output and input kinds the server accepts, as last loaded (empty before the first load). */
export const portConnections = (): readonly PortConnection[] => connections;

/** Replace the connection table (the catalog does on load; tests use the fixture's). */
export function setPortConnections(table: readonly PortConnection[]): void {
  connections = table;
}

/** The largest image (width × height) the studio holds, KARATE_MAX_IMAGE_PIXELS, as last loaded (null before the
 * first load): an upscale whose result would pass it is refused when it runs. */
export const imagePixelLimit = (): number | null => maxImagePixels;

/** Replace the pixel limit (the catalog does on load; tests set their own). */
export function setImagePixelLimit(limit: number | null): void {
  maxImagePixels = limit;
}

/** The catalog: node types, the connection table and the pixel limit, which it installs for the editor's checks. */
export async function fetchNodeCatalog(): Promise<NodeCatalog> {
  const catalog = await request<NodeCatalog>("nodes");
  setPortConnections(catalog.connections);
  setImagePixelLimit(catalog.max_image_pixels);
  return catalog;
}

export async function fetchNodeSpecs(): Promise<NodeSpec[]> {
  return (await fetchNodeCatalog()).nodes;
}
