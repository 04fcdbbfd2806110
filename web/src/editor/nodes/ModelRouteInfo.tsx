// On an AI model node: the provider a run would use, what the next run would cost it (or that it is cached), the
// routes to be wary of, or what to set when no provider of the model is configured.

import { useMemo } from "react";
import type { NodeSpec } from "../../api/types";
import {
  chooseRoute, connectedInputsKey, flaggedRoutes, notConfiguredMessage, type RouteFlag,
} from "../graph/providers";
import { useEditor } from "../store/editorStore";
import { NodePrice } from "./NodePrice";

const FLAG_TONES: Record<RouteFlag["status"], string> = {
  unconfirmed: "border-amber-300 text-amber-700 dark:border-amber-700 dark:text-amber-300",
  deprecated: "border-red-300 text-red-700 dark:border-red-800 dark:text-red-300",
};

function RouteFlags({ flags }: { flags: RouteFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-1 px-3 pb-1.5">
      {flags.map((flag) => (
        <span key={`${flag.provider}:${flag.status}`} data-testid="route-flag" data-status={flag.status}
          title={flag.note} aria-label={`${flag.provider} route ${flag.status}: ${flag.note}`}
          className={`cursor-help rounded border px-1.5 text-[10px] leading-4 ${FLAG_TONES[flag.status]}`}>
          {flag.provider} · {flag.status}
        </span>
      ))}
    </div>
  );
}

export function ModelRouteInfo({ nodeId, spec }: { nodeId: string; spec: NodeSpec }) {
  const providers = useEditor((s) => s.providers);
  // A string, so the node re-renders only when its own connections change.
  const connected = useEditor((s) => connectedInputsKey(s.edges, nodeId));
  const choice = useMemo(() => providers && chooseRoute(spec, providers, new Set(connected ? connected.split(",") : [])),
    [spec, providers, connected]);
  const flags = useMemo(() => (providers ? flaggedRoutes(spec, providers) : []), [spec, providers]);

  return (
    <>
      <div className="flex items-center justify-between gap-2 px-3 pb-1.5 text-[11px] text-zinc-500">
        {choice?.kind === "ready" ? (
          <span data-testid="model-provider" data-provider={choice.route.provider} className="truncate"
            title={`${choice.route.model} on ${choice.provider}`}>
            via <span className="font-medium text-zinc-700 dark:text-zinc-200">{choice.provider}</span>
          </span>
        ) : <span />}
        <NodePrice nodeId={nodeId} listPrice={spec.credits} />
      </div>
      {choice?.kind === "unconfigured" && (
        <p data-testid="model-unconfigured" role="status"
          className="mx-3 mb-2 rounded-md bg-amber-50 px-2 py-1.5 text-[11px] text-amber-800 dark:bg-amber-950/50
            dark:text-amber-200">
          {notConfiguredMessage(choice.variables)}
        </p>
      )}
      <RouteFlags flags={flags} />
    </>
  );
}
