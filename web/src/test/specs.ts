// Node specs for tests: a slice of the real registry's GET /api/v1/nodes answer.

import type { NodeSpec } from "../api/types";
import catalog from "./fixtures/nodes.json";

export const SPECS = (catalog as unknown as { nodes: NodeSpec[] }).nodes;
export const specsByType = new Map(SPECS.map((s) => [s.type, s]));

export function spec(type: string): NodeSpec {
  const found = specsByType.get(type);
  if (!found) throw new Error(`no fixture spec ${type}`);
  return found;
}

/** A made-up image model, for planner behaviour once model nodes exist. */
export const IMAGE_MODEL: NodeSpec = {
  type: "model.flux_schnell", title: "Flux Schnell", category: "models", version: 1,
  description: "Text to image", inputs: [{ name: "prompt", type: "text", list: false, required: true, description: "" }],
  outputs: [{ name: "image", type: "image", list: false, required: true, description: "" }],
  params_schema: { type: "object", properties: {} },
};
