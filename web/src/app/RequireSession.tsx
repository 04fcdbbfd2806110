// The gate of the dashboard, the editor and the account page: in an accounts-mode studio a signed-out visitor
// goes to the sign-in page, which brings them back here afterwards. In local mode it lets everyone through.

import { useEffect } from "react";
import { Navigate, Outlet, useLocation } from "react-router-dom";
import { PageFallback } from "./PageFallback";
import { loadSession, signInPath, useSession } from "./session";

export function RequireSession() {
  const state = useSession((s) => s.state);
  const location = useLocation();
  useEffect(() => {
    if (state.status === "idle") void loadSession();
  }, [state.status]);

  if (state.status === "signed-out") {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
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
