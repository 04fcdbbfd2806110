// On an AI model node: one statement of the provider a run would use and whether the catalog's route to it is
// confirmed (its hover text says what that means and what to do), what the next run would cost (or that it is
// cached), or what to set when no provider of the model is configured (unless the node's failure already says so).

import { useMemo } from "react";
import type { ModelRoute, NodeSpec } from "../../api/types";
import {
  chooseRoute, connectedInputsKey, notConfiguredMessage, routeStatement, unconfiguredRoutes, type RouteStatement,
} from "../graph/providers";
import { isAccount, isAdmin, useSession } from "../../app/session";
import { useEditor } from "../store/editorStore";
import { NodePrice } from "./NodePrice";

const STATUS_TONES: Record<Exclude<ModelRoute["status"], "confirmed">, string> = {
  unconfirmed: "border-amber-300 text-amber-700 dark:border-amber-700 dark:text-amber-300",
  deprecated: "border-red-300 text-red-700 dark:border-red-800 dark:text-red-300",
};

/** "via OpenAI", or "via Replicate [unconfirmed]" in the route's tone; the hover text explains. */
function ProviderStatement({ statement }: { statement: RouteStatement }) {
  const { status } = statement.route;
  return (
    <span data-testid="model-provider" data-provider={statement.route.provider} data-status={status}
      title={statement.explanation} aria-label={statement.explanation}
      className="flex min-w-0 cursor-help items-center gap-1">
      <span className="truncate">
        via <span className="font-medium text-zinc-700 dark:text-zinc-200">{statement.provider}</span>
      </span>
      {status !== "confirmed" && (  // a space before it, so the statement reads "via Replicate unconfirmed"
        <> <span className={`shrink-0 rounded border px-1.5 text-[10px] leading-4 ${STATUS_TONES[status]}`}>{status}</span></>
      )}
    </span>
  );
}

/** Errors that say what the unconfigured-provider note says: a node that failed with one shows it once, as its
 * error. */
const UNCONFIGURED_ERRORS = new Set(["provider_not_configured", "not_configured"]);

export function ModelRouteInfo({ nodeId, spec }: { nodeId: string; spec: NodeSpec }) {
  const providers = useEditor((s) => s.providers);
  // in accounts mode only an admin sets the server's keys, and a signed-out visitor (a public project) none; the
  // local owner runs the studio
  const runsTheStudio = useSession((s) => s.state.status !== "signed-out"
    && (!isAccount(s.state) || isAdmin(s.state.me.role)));
  const saidByFailure = useEditor((s) => UNCONFIGURED_ERRORS.has(s.nodeRuns[nodeId]?.errorCode ?? ""));
  // A string, so the node re-renders only when its own connections change.
  const connected = useEditor((s) => connectedInputsKey(s.edges, nodeId));
  const { statement, choice, candidates } = useMemo(() => {
    if (!providers) return { statement: null, choice: null, candidates: "" };
    const inputs = new Set(connected ? connected.split(",") : []);
    return { statement: routeStatement(spec, providers, inputs), choice: chooseRoute(spec, providers, inputs),
      candidates: unconfiguredRoutes(spec, providers, inputs) };
  }, [spec, providers, connected]);

  return (
    <>
      <div className="flex items-center justify-between gap-2 px-3 pb-1.5 text-[11px] text-zinc-500">
        {statement ? <ProviderStatement statement={statement} /> : <span />}
        <NodePrice nodeId={nodeId} listPrice={spec.credits} />
      </div>
      {choice?.kind === "unconfigured" && !saidByFailure && (
        <p data-testid="model-unconfigured" role="status" title={candidates || undefined}
          className="mx-3 mb-2 rounded-md bg-amber-50 px-2 py-1.5 text-[11px] text-amber-800 dark:bg-amber-950/50
            dark:text-amber-200">
          {notConfiguredMessage(choice.variables, runsTheStudio)}
        </p>
      )}
    </>
  );
}
