// Which provider runs an AI model node, as the server picks it: the first route that fits the connected
// inputs and whose provider is configured. Also the palette's "Ready to run" filter.

import type { ModelRoute, NodeSpec, ProviderStatus } from "../../api/types";
import { categoryFamily } from "./search";

export type ProviderIndex = ReadonlyMap<string, ProviderStatus>;

export type RouteChoice =
  | { kind: "ready"; route: ModelRoute; provider: string }
  | { kind: "unconfigured"; variables: string[] };

export interface RouteFlag {
  provider: string;
  status: "unconfirmed" | "deprecated";
  note: string;
}

const DEFAULT_NOTES: Record<RouteFlag["status"], string> = {
  unconfirmed: "Not yet confirmed against the provider's current API",
  deprecated: "The provider is retiring this model",
};

export const indexProviders = (providers: ProviderStatus[]): ProviderIndex =>
  new Map(providers.map((p) => [p.name, p]));

export const isModelSpec = (spec: NodeSpec): boolean =>
  categoryFamily(spec.category) === "models" && (spec.routes?.length ?? 0) > 0;

export const providerLabel = (name: string, providers: ProviderIndex): string =>
  providers.get(name)?.label ?? name;

const configured = (route: ModelRoute, providers: ProviderIndex): boolean =>
  providers.get(route.provider)?.configured === true;

/** A route marked `when: "image"` runs only while that input is connected; `"!image"` only while it is not. */
export function routeApplies(route: ModelRoute, connected: ReadonlySet<string>): boolean {
  if (!route.when) return true;
  const input = route.when.replace(/^!/, "");
  return connected.has(input) !== route.when.startsWith("!");
}

/** The route a run would use now; null for nodes that are not AI models. */
export function chooseRoute(spec: NodeSpec, providers: ProviderIndex,
  connected: ReadonlySet<string> = new Set()): RouteChoice | null {
  if (!isModelSpec(spec)) return null;
  const applicable = spec.routes!.filter((route) => routeApplies(route, connected));
  const route = applicable.find((r) => configured(r, providers));
  if (route) return { kind: "ready", route, provider: providerLabel(route.provider, providers) };
  const variables = applicable.map((r) => providers.get(r.provider)?.env).filter((env): env is string => !!env);
  return { kind: "unconfigured", variables: [...new Set(variables)] };
}

/** What to tell a user whose model has no configured provider. */
export function notConfiguredMessage(variables: string[]): string {
  if (variables.length === 0) return "Not configured — no provider of this model can be set up here";
  return `Not configured — set ${variables.join(" or ")}`;
}

/** Routes a user should know about before relying on them: unconfirmed or being retired. */
export function flaggedRoutes(spec: NodeSpec, providers: ProviderIndex): RouteFlag[] {
  return (spec.routes ?? [])
    .filter((r): r is ModelRoute & { status: RouteFlag["status"] } => r.status !== "confirmed")
    .map((r) => ({ provider: providerLabel(r.provider, providers), status: r.status,
      note: r.note || DEFAULT_NOTES[r.status] }));
}

/** Tools, inputs and outputs always run; a model runs when any of its routes' providers is configured. */
export function isReady(spec: NodeSpec, providers: ProviderIndex): boolean {
  return !isModelSpec(spec) || spec.routes!.some((r) => configured(r, providers));
}

/** The palette's "Ready to run" filter; with providers unknown (not loaded) nothing is hidden. */
export function readyToRun(specs: NodeSpec[], providers: ProviderIndex | null): NodeSpec[] {
  return providers ? specs.filter((spec) => isReady(spec, providers)) : specs;
}

export const creditLabel = (credits: number): string => `${credits} credit${credits === 1 ? "" : "s"}`;

/** The input ports of `nodeId` that have an edge into them, as one comparable string ("image,prompt"). */
export function connectedInputsKey(edges: ReadonlyArray<{ target: string; targetHandle?: string | null }>,
  nodeId: string): string {
  const ports = edges.filter((e) => e.target === nodeId && e.targetHandle).map((e) => e.targetHandle!);
  return [...new Set(ports)].sort().join(",");
}
