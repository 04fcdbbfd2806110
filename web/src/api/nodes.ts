// The node registry: every palette entry and parameter form comes from GET /api/v1/nodes.

import { request } from "./client";
import type { NodeSpec } from "./types";

export async function fetchNodeSpecs(): Promise<NodeSpec[]> {
  const body = await request<{ nodes: NodeSpec[] } | NodeSpec[]>("nodes");
  return Array.isArray(body) ? body : body.nodes;
}
