// The price of the next run: asked of the server (POST /runs/estimate with the graph on screen) shortly after each
// edit and after each run, when cached results make nodes free. One request per pause in editing, shared through
// this store by the Run button (what the run charges) and every model node (what it would cost, or "next run:
// free (cached)"). Local mode asks too, for the nodes' prices as information: it charges nothing (`charged` false, no
// balance), so no price on Run and no shortfall there. Signed out (a public project) nothing is asked: the
// estimate is for someone who can run.

import { useEffect } from "react";
import { create } from "zustand";
import type { NodeEstimate, RunEstimate } from "../../api/credits";
import { estimateRun } from "../../api/credits";
import { updateMe, useSession } from "../../app/session";
import { useEditor } from "../store/editorStore";
import { currentDocument } from "./useAutosave";

const DEBOUNCE_MS = 400;

interface RunPrice {
  estimate: RunEstimate | null;
  /** The estimate's nodes by id (built once per estimate, so each node finds its own at no cost). */
  byNode: ReadonlyMap<string, NodeEstimate>;
}

export const useRunPrice = create<RunPrice>()(() => ({ estimate: null, byNode: new Map() }));

/** Show `estimate` (null: none) to the Run button and the nodes. */
export function setRunEstimate(estimate: RunEstimate | null): void {
  useRunPrice.setState({ estimate, byNode: new Map((estimate?.nodes ?? []).map((node) => [node.node_id, node])) });
}

export function useRunPricing(): void {
  const revision = useEditor((s) => s.revision);
  const ready = useEditor((s) => s.workflow !== null);
  const phase = useEditor((s) => s.runPhase);
  const signedIn = useSession((s) => s.state.status === "signed-in");  // local mode's owner always is

  useEffect(() => {
    if (!ready || !signedIn || phase === "starting" || phase === "running") return;
    let live = true;
    const timer = setTimeout(() => {
      estimateRun({ workflow: currentDocument() }).then((estimate) => {
        if (!live) return;
        setRunEstimate(estimate);
        if (estimate.balance !== null) updateMe({ credits: estimate.balance });
      }, () => {
        // no price (the graph cannot run yet, the studio is unreachable): none is shown rather than an old one;
        // the editor still runs, and the run itself says what it costs
        if (live) setRunEstimate(null);
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [revision, ready, signedIn, phase]);

  useEffect(() => () => setRunEstimate(null), []);
}
