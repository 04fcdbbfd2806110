// The price of the next run, shown on the Run button in accounts mode: asked of the server (POST
// /runs/estimate with the graph on screen) shortly after each edit and after each run, when cached results
// make nodes free. Local mode charges nothing and asks nothing.

import { useEffect } from "react";
import { create } from "zustand";
import { type RunEstimate, estimateRun } from "../../api/credits";
import { isAccount, updateMe, useSession } from "../../app/session";
import { useEditor } from "../store/editorStore";
import { currentDocument } from "./useAutosave";

const DEBOUNCE_MS = 400;

export const useRunPrice = create<{ estimate: RunEstimate | null }>()(() => ({ estimate: null }));

export function useRunPricing(): void {
  const revision = useEditor((s) => s.revision);
  const ready = useEditor((s) => s.workflow !== null);
  const phase = useEditor((s) => s.runPhase);
  const accounts = useSession((s) => isAccount(s.state));

  useEffect(() => {
    if (!ready || !accounts || phase === "starting" || phase === "running") return;
    let live = true;
    const timer = setTimeout(() => {
      estimateRun({ workflow: currentDocument() }).then((estimate) => {
        if (!live) return;
        useRunPrice.setState({ estimate });
        if (estimate.balance !== null) updateMe({ credits: estimate.balance });
      }, () => undefined);  // without a price the editor still runs; the run itself says what it costs
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [revision, ready, accounts, phase]);

  useEffect(() => () => useRunPrice.setState({ estimate: null }), []);
}
