// Wire types of the Karate HTTP API (/api/v1): node specs, workflow documents, runs, events, assets.
// Enumerations (statuses, event types, port types, UI hints) and error bodies come from the server's
// OpenAPI: schema.gen.ts is generated from web/openapi.json by `npm run gen:api` (run by `npm run build`).

import type { components, paths } from "./schema.gen";

type Schemas = components["schemas"];
type EventStream =
  paths["/api/v1/runs/{run_id}/events"]["get"]["responses"][200]["content"]["text/event-stream"];

export type PortType = Schemas["PortType"];
export type PortSpec = Schemas["PortOut"];
export type UiHint = NonNullable<Schemas["ParamOut"]["ui"]>;
export type RunEventType = NonNullable<EventStream["event"]>;
/** Every error answer: `detail` says what to do, `code` is stable to branch on. */
export type ErrorBody = Schemas["ErrorBody"];
/** A 422: `errors` for a request of the wrong shape, `problems` for an invalid workflow. */
export type UnprocessableBody = Schemas["UnprocessableBody"];

export interface ParamSchema {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  title?: string;
  description?: string;
  default?: unknown;
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  pattern?: string;
  ui?: UiHint;
  step?: number;
  advanced?: boolean;
  anyOf?: ParamSchema[];
}

export interface ParamsSchema {
  type: "object";
  title?: string;
  properties: Record<string, ParamSchema>;
  required?: string[];
}

export type RouteStatus = Schemas["ModelRouteOut"]["status"];

/** One way to run an AI model: a provider's model, used when its provider is configured. */
export type ModelRoute = Schemas["ModelRouteOut"];

export interface NodeSpec {
  type: string;
  title: string;
  category: string;
  description: string;
  version: number;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params_schema: ParamsSchema;
  /** The rest is only on AI model nodes (category "models/<model_category>"). */
  model_category?: string;
  credits?: number;
  routes?: ModelRoute[];
  deprecated_routes?: string[];
  unconfirmed_routes?: string[];
  alternatives?: string[];
}

/** An AI provider as GET /api/v1/providers describes it (never its key); `env` is the variable that
 * configures it, e.g. "REPLICATE_API_TOKEN". */
export type ProviderStatus = Schemas["ProviderOut"];

export interface DocNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
  position: { x: number; y: number };
  parentId?: string;
}

export interface DocEdge {
  id: string;
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

/** A frame around several nodes; kept beside the graph, never run. */
export interface DocGroup {
  id: string;
  title: string;
  position: { x: number; y: number };
  width: number;
  height: number;
}

export interface WorkflowDocument {
  schema_version: number;
  nodes: DocNode[];
  edges: DocEdge[];
  groups?: DocGroup[];
  thumbnail?: { asset_id: string };
}

export interface Workflow {
  id: string;
  title: string;
  version: number;
  document: WorkflowDocument;
  created_at: string;
  updated_at: string;
  node_count?: number;
  thumbnail_url?: string | null;
}

/** A workflow as listed: without its document on servers that keep lists light. */
export type WorkflowSummary = Omit<Workflow, "document"> & { document?: WorkflowDocument };

export interface Page<T> {
  items: T[];
  count?: number;
  total?: number;
}

export interface Template {
  id: string;
  title: string;
  description?: string;
  document: WorkflowDocument;
}

export type NodeRunStatus = Schemas["NodeStatus"];
export type RunStatus = Schemas["RunStatus"];

export interface OutputValue {
  asset_id?: string;
  mime?: string;
  width?: number;
  height?: number;
  url?: string;
  thumbnail_url?: string;
  value?: unknown;
  list?: OutputValue[];
}

export interface RunError {
  code: string;
  message: string;
}

export type Problem = Schemas["Problem"];

export interface RunEvent {
  seq: number;
  type: RunEventType;
  run_id: string;
  node_id?: string;
  fraction?: number | null;
  message?: string;
  outputs?: Record<string, OutputValue>;
  error?: RunError | string | null;
}

export interface Asset {
  id: string;
  mime: string;
  width?: number | null;
  height?: number | null;
  url: string;
}

/** What the planner (server or local) proposes to add to the canvas. */
export interface Plan {
  nodes: DocNode[];
  edges: DocEdge[];
  summary?: string;
}
