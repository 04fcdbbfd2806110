// Wire types of the Karate HTTP API (/api/v1): node specs, workflow documents, runs, events, assets.

export type PortType =
  | "text" | "number" | "boolean" | "image" | "mask" | "video" | "audio" | "mesh" | "vector";

export interface PortSpec {
  name: string;
  type: PortType;
  list: boolean;
  required: boolean;
  description: string;
}

export type UiHint = "slider" | "textarea" | "color" | "select" | "image-upload" | "video-upload";

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

export type RouteStatus = "confirmed" | "unconfirmed" | "deprecated";

/** One way to run an AI model: a provider's model, used when its provider is configured. */
export interface ModelRoute {
  provider: string;
  model: string;
  operation: string | null;
  /** "image": only when that input is connected; "!image": only when it is not. */
  when: string | null;
  status: RouteStatus;
  note: string | null;
}

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

/** An AI provider as GET /api/v1/providers describes it (never its key). */
export interface ProviderStatus {
  name: string;
  label: string;
  configured: boolean;
  /** The environment variable that configures it, e.g. "REPLICATE_API_TOKEN". */
  env: string | null;
  base_url: string | null;
  local: boolean;
}

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

export type NodeRunStatus = "pending" | "running" | "completed" | "failed" | "skipped" | "cancelled";
export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

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

export interface Problem {
  code: string;
  message: string;
  node_id?: string | null;
  field?: string | null;
  edge_id?: string | null;
}

export interface RunEvent {
  seq: number;
  type: string;
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
