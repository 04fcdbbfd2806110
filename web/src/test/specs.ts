// Node specs for tests: a slice of the real registry's GET /api/v1/nodes answer.

import type { ModelRoute, NodeSpec, PortSpec, ProviderStatus } from "../api/types";
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

const port = (name: string, type: PortSpec["type"], required = true): PortSpec =>
  ({ name, type, list: false, required, description: "" });

/** The Upscale tool as GET /api/v1/nodes describes it (karate/nodes/tools/upscale.py): 2×, 3× or 4×. */
export const UPSCALE: NodeSpec = { ...IMAGE_MODEL, type: "tool.upscale", title: "Upscale", category: "tools",
  inputs: [port("image", "image")], outputs: [port("image", "image")],
  params_schema: { type: "object", properties: { scale: { default: 2, description: "How many times wider and taller",
    enum: [2, 3, 4], title: "Scale", type: "integer", ui: "select" } } },
  upscaling: { port: "image", param: "scale",
    scales: [{ scale: 2, value: 2 }, { scale: 3, value: 3 }, { scale: 4, value: 4 }] } };

const route = (provider: string, model: string, extra: Partial<ModelRoute> = {}): ModelRoute =>
  ({ provider, model, operation: null, when: null, status: "confirmed", note: null, ...extra });

function model(type: string, title: string, kind: string, credits: number, routes: ModelRoute[],
  inputs: PortSpec[] = [port("prompt", "text")], output: PortSpec = port("image", "image")): NodeSpec {
  return { type, title, category: `models/${kind}`, description: `${title} (test)`, version: 1, inputs,
    outputs: [output], params_schema: { type: "object", properties: {} }, model_category: kind, credits, routes,
    deprecated_routes: routes.filter((r) => r.status === "deprecated").map((r) => r.provider),
    unconfirmed_routes: routes.filter((r) => r.status === "unconfirmed").map((r) => r.provider), alternatives: [] };
}

/** AI model nodes as GET /api/v1/nodes describes them (routes, credits, route status). */
export const FLUX_ULTRA = model("model.flux_pro_1_1_ultra", "Flux Pro 1.1 Ultra", "image", 6,
  [route("replicate", "black-forest-labs/flux-1.1-pro-ultra"), route("fal", "fal-ai/flux-pro/v1.1-ultra")]);
export const RUNWAY_GEN_4 = model("model.runway_gen_4", "Runway Gen-4", "video", 50,
  [route("runway", "gen4_turbo", { operation: "image_to_video" }),
    route("replicate", "runwayml/gen4-turbo", { status: "unconfirmed" })],
  [port("prompt", "text", false), port("image", "image")], port("video", "video"));
export const IMAGEN_4 = model("model.imagen_4", "Imagen 4", "image", 4,
  [route("replicate", "google/imagen-4"),
    route("fal", "fal-ai/imagen4/preview", { status: "unconfirmed", note: "endpoint last seen in 2026-04" }),
    route("google", "imagen-4.0", { status: "deprecated", note: "moving to Vertex AI" })]);
export const GPT_IMAGE = model("model.gpt_image_1", "GPT Image 1", "image", 8,
  [route("openai", "gpt-image-1", { when: "!images" }), route("fal", "fal-ai/gpt-image-1/edit", { when: "images" })],
  [port("prompt", "text"), { ...port("images", "image", false), list: true }]);
export const VECTORIZE = model("model.vectorize", "Vectorize", "vector", 1, [route("local", "vtracer")],
  [port("image", "image")], port("svg", "vector"));
export const MODEL_SPECS = [FLUX_ULTRA, RUNWAY_GEN_4, IMAGEN_4, GPT_IMAGE, VECTORIZE];

const provider = (name: string, label: string, env: string, configured: boolean): ProviderStatus =>
  ({ name, label, env, configured, base_url: null, local: name === "local" });

/** GET /api/v1/providers with only the given providers configured ("local" always is). */
export function providersWith(...configured: string[]): ProviderStatus[] {
  return [provider("replicate", "Replicate", "REPLICATE_API_TOKEN", false), provider("fal", "fal", "FAL_KEY", false),
    provider("openai", "OpenAI", "OPENAI_API_KEY", false), provider("google", "Google Gemini", "GEMINI_API_KEY", false),
    provider("runway", "Runway", "RUNWAYML_API_SECRET", false), provider("local", "this studio", "", true)]
    .map((p) => (configured.includes(p.name) ? { ...p, configured: true } : p));
}
