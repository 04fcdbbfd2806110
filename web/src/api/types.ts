// Wire types of the Karate HTTP API (/api/v1): every one is the server's own schema, never written here again.
// schema.gen.ts is generated from web/openapi.json (the server's OpenAPI) by `npm run gen:api`, which
// `npm run build` runs; tests/api/test_openapi_schema.py fails when either file drifts from the server.

import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type PortType = Schemas["PortType"];
export type PortSpec = Schemas["PortOut"];
/** One pairing of an output kind and an input kind that may be connected (the engine's own rule). */
export type PortConnection = Schemas["PortConnection"];
export type UiHint = Schemas["UiHint"];
/** The `type` of a run event, and the `event` name of each SSE event. */
export type RunEventType = Schemas["EventType"];
/** Every error answer: `detail` says what to do, `code` is stable to branch on. */
export type ErrorBody = Schemas["ErrorBody"];
/** A 422: `errors` for a request of the wrong shape, `problems` for an invalid workflow. */
export type UnprocessableBody = Schemas["UnprocessableBody"];

/** One parameter's JSON schema, with the studio's `ui`, `step` and `advanced`. */
export type ParamSchema = Schemas["ParamOut"];
export type ParamsSchema = Schemas["ParamsSchemaOut"];

export type RouteStatus = Schemas["ModelRouteOut"]["status"];

/** One way to run an AI model: a provider's model, used when its provider is configured. */
export type ModelRoute = Schemas["ModelRouteOut"];

/** A node type; model_category, credits, routes ... are only on AI model nodes (category "models/..."). */
export type NodeSpec = Schemas["NodeSpecOut"];
/** How a node enlarges its picture by a chosen scale (the Upscale tool, an upscaling model): its spec's `upscaling`. */
export type Upscaling = Schemas["UpscalingOut"];
/** GET /api/v1/nodes: the node types, which port kinds connect, and the studio's pixel limit. */
export type NodeCatalog = Schemas["NodeCatalog"];

/** An AI provider as GET /api/v1/providers describes it (never its key); `env` is the variable that
 * configures it, e.g. "REPLICATE_API_TOKEN". */
export type ProviderStatus = Schemas["ProviderOut"];

export type DocNode = Schemas["NodeDoc"];
export type DocEdge = Schemas["EdgeDoc"];
/** A frame around several nodes; kept beside the graph, never run. */
export type DocGroup = Schemas["GroupDoc"];
/** A workflow document as the server answers it and the editor sends it: always with its nodes and edges
 * (only a request may leave them out). */
export type WorkflowDocument = Schemas["WorkflowDocument"] & Required<Pick<Schemas["WorkflowDocument"], "nodes" | "edges">>;

/** What the caller may do with a workflow: `owner`, `editor` (change it), `viewer` or `public` (read only). */
export type WorkflowAccess = Schemas["WorkflowAccess"];

export type Workflow = Omit<Schemas["WorkflowOut"], "document"> & { document: WorkflowDocument };
/** A workflow as listed: without its document, with a signed thumbnail. */
export type WorkflowSummary = Schemas["WorkflowListItem"];

/** A page of a list answer (`GET /workflows`, `GET /runs`). */
export type Page<T> = Omit<Schemas["WorkflowPage"], "items"> & { items: T[] };

/** A template: a workflow to start from, with a signed picture of what it makes (`thumbnail_url`). */
export type Template = Workflow & Pick<Schemas["TemplateOut"], "thumbnail_url">;

export type NodeRunStatus = Schemas["NodeStatus"];
export type RunStatus = Schemas["RunStatus"];

/** A node's result on one output, described without its content (an asset, a value or a list). */
export type OutputValue = Schemas["OutputValue"];

/** Why a node failed or was skipped. */
export type RunError = Schemas["NodeErrorOut"];

export type Problem = Schemas["Problem"];
export type ProblemCode = Problem["code"];

/** One run event: a union on `type`, each with its own payload. */
export type RunEvent = Schemas["RunEvent"];
/** The event of one type, e.g. `RunEventOf<"node.completed">` has `outputs`. */
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

export type Asset = Schemas["AssetOut"];

/** What the AI dock asks POST /api/v1/agents/plan: the instruction, the graph on the canvas, the selected nodes
 * ("it" refers to them first) and the view's centre (where new nodes go when nothing anchors them). */
export type PlanRequest = Schemas["PlanRequest"];
/** The planner's answer: a graph patch to preview (`ready`), or a question with close matches (`question`). */
export type Plan = Schemas["PlanOut"];
/** New values for some parameters of an existing node. */
export type PlanChange = Schemas["NodeChange"];
