// The gate of the dashboard, the editor and the account page: in an accounts-mode studio a signed-out visitor
// goes to the sign-in page, which brings them back here afterwards. In local mode it lets everyone through.
// `allowPublic` (the editor): a public project's link opens signed out too, read only (GET /workflows/{id}
// answers it without credentials); any other project still sends the visitor to sign in.

import { useEffect, useState } from "react";
import { Navigate, Outlet, useLocation } from "react-router-dom";
import { getWorkflow } from "../api/workflows";
import { prefetchedWorkflow } from "../editor/prefetch";
import { PageFallback } from "./PageFallback";
import { loadSession, signInPath, useSession } from "./session";

type Looked = { id: string; isPublic: boolean };

/** Signed out on /editor?id=...: the editor if that project is public, else the sign-in page. */
function PublicOrSignIn({ here, workflowId }: { here: string; workflowId: string | null }) {
  const [looked, setLooked] = useState<Looked | null>(null);
  useEffect(() => {
    if (!workflowId) return;
    let live = true;
    (prefetchedWorkflow(workflowId) ?? getWorkflow(workflowId)).then(
      (workflow) => { if (live) setLooked({ id: workflowId, isPublic: workflow.access === "public" }); },
      () => { if (live) setLooked({ id: workflowId, isPublic: false }); },
    );
    return () => { live = false; };
  }, [workflowId]);
  if (!workflowId || (looked?.id === workflowId && !looked.isPublic)) {
    return <Navigate to={signInPath(here)} replace />;
  }
  if (looked?.id !== workflowId) return <PageFallback />;
  return <Outlet />;
}

export function RequireSession({ allowPublic = false }: { allowPublic?: boolean }) {
  const state = useSession((s) => s.state);
  const location = useLocation();
  useEffect(() => {
    if (state.status === "idle") void loadSession();
  }, [state.status]);

  if (state.status === "signed-out") {
    const here = location.pathname + location.search;
    if (allowPublic) {
      return <PublicOrSignIn here={here} workflowId={new URLSearchParams(location.search).get("id")} />;
    }
    return <Navigate to={signInPath(here)} replace />;
  }
  if (state.status === "error") {
    return (
      <div className="mx-auto max-w-lg px-6 py-24 text-center" role="alert">
        <h1 className="text-xl font-semibold">The studio can't be reached</h1>
        <p className="mt-2 text-sm text-zinc-500">{state.message}</p>
        <button type="button" className="btn btn-primary mt-6" onClick={() => void loadSession()}>Try again</button>
      </div>
    );
  }
  if (state.status !== "signed-in") return <PageFallback />;
  return <Outlet />;
}
