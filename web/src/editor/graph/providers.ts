// Which provider runs an AI model node, as the server picks it: the first route that fits the connected
// inputs and whose provider is configured, and what the catalog says of that route (confirmed against the
// provider's current API, not yet, or being retired). Also the palette's "Ready to run" filter.

import type { ModelRoute, NodeSpec, ProviderStatus } from "../../api/types";
import { categoryFamily } from "./search";

export type ProviderIndex = ReadonlyMap<string, ProviderStatus>;

export type RouteChoice =
  | { kind: "ready"; route: ModelRoute; provider: string }
  | { kind: "unconfigured"; variables: string[] };

/** What a model node says of the route that runs it (its `status` in the catalog), the provider's label, and, for
 * its hover text, where it runs, what the status means and what to do about it. */
export interface RouteStatement {
  route: ModelRoute;
  provider: string;
  explanation: string;
}

/** What a route's status in the catalog means, of provider `label` ("unconfirmed": its request was written without
 * the provider's current documentation at hand, research/providers.md). */
const STATUS_MEANS: Record<Exclude<ModelRoute["status"], "confirmed">, (label: string) => string> = {
  unconfirmed: (label) => `not yet checked against ${label}'s current API: the model name or inputs the studio `
    + "sends may not match it, so a run there may fail",
  deprecated: (label) => `being retired by ${label}`,
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

/** What to tell a user whose model has no configured provider: the settings to give the studio's server, to whoever
 * runs it (`runsTheStudio`: the local owner, an admin); anyone else is told to ask the team, not to set what they
 * cannot reach. */
export function notConfiguredMessage(variables: string[], runsTheStudio = true): string {
  if (variables.length === 0) return "Not configured — no provider of this model can be set up here";
  if (!runsTheStudio) return "Not configured — this studio has no key for its provider yet: ask the studio's team";
  return `Not configured — set ${variables.join(" or ")} on the studio's server`;
}

/** "Replicate", or "Replicate (unconfirmed)" for a route that is not confirmed. */
function routeName(route: ModelRoute, providers: ProviderIndex): string {
  const label = providerLabel(route.provider, providers);
  return route.status === "confirmed" ? label : `${label} (${route.status})`;
}

/** What to do about a route that is not confirmed: set the key of a provider with a confirmed route (each
 * provider's variable, as GET /providers names it), or, when none has one, use another model if it fails. */
function confirmedInstead(applicable: ModelRoute[], providers: ProviderIndex): string {
  const confirmed = applicable.filter((r) => r.status === "confirmed");
  if (confirmed.some((r) => configured(r, providers))) return "";  // the run falls over to it (said below)
  const variables = [...new Set(confirmed.map((r) => providers.get(r.provider)?.env).filter((env) => !!env))];
  return variables.length ? ` Set ${variables.join(" or ")} on the studio's server to run it on a confirmed route.`
    : " No confirmed route of this model fits here yet: if it fails, use another model.";
}

/** What the node says of the route a run would use now (`chooseRoute`); null when no route is ready. */
export function routeStatement(spec: NodeSpec, providers: ProviderIndex,
  connected: ReadonlySet<string> = new Set()): RouteStatement | null {
  const choice = chooseRoute(spec, providers, connected);
  if (choice?.kind !== "ready") return null;
  const { route, provider } = choice;
  const applicable = spec.routes!.filter((r) => routeApplies(r, connected));
  let explanation = `Runs ${route.model} on ${provider}, a route confirmed against ${provider}'s current API.`;
  if (route.status !== "confirmed") {
    const note = route.note ? ` (${route.note})` : "";
    explanation = `Runs ${route.model} on ${provider}, a route ${STATUS_MEANS[route.status](provider)}${note}.`
      + confirmedInstead(applicable, providers);
  }
  // the server falls over to the next configured route when a provider keeps failing (nodes/models/runner.py)
  const next = [...new Set(applicable.filter((r) => r.provider !== route.provider && configured(r, providers))
    .map((r) => routeName(r, providers)))];
  if (next.length) explanation += ` If ${provider} keeps failing, the run tries ${next.join(", then ")}.`;
  return { route, provider, explanation };
}

/** For a model with no configured provider, the hover text of what to set: the provider each variable would run
 * it on, and what the status of a route that is not confirmed means ("FAL_KEY runs it on fal. REPLICATE_API_TOKEN
 * runs it on Replicate, a route not yet checked against Replicate's current API: ..."). */
export function unconfiguredRoutes(spec: NodeSpec, providers: ProviderIndex,
  connected: ReadonlySet<string> = new Set()): string {
  const byVariable = new Map<string, ModelRoute>();
  for (const route of spec.routes ?? []) {
    const env = providers.get(route.provider)?.env;
    if (env && routeApplies(route, connected) && !byVariable.has(env)) byVariable.set(env, route);
  }
  return [...byVariable].map(([env, route]) => {
    const label = providerLabel(route.provider, providers);
    const status = route.status === "confirmed" ? "" : `, a route ${STATUS_MEANS[route.status](label)}`;
    return `${env} runs it on ${label}${status}.`;
  }).join(" ");
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
