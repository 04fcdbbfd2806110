// The sign-in and sign-up pages: who is already signed in (or in local mode, where nobody signs in) goes on
// to the remembered page; a new sign-in takes the kept draft along first (app/draft.ts).

import { useEffect } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import type { Session } from "../api/auth";
import { setCsrfToken } from "../api/client";
import { importDraft } from "../app/draft";
import { loadSession, safeNext, startSession, useSession } from "../app/session";

/** The page to go to after signing in, from ?next= (the dashboard when there is none). */
export function useNext(): string {
  const [params] = useSearchParams();
  return safeNext(params.get("next"));
}

/** Where a page that is only for signed-out visitors sends everyone else: null while it should show. */
export function useAlreadySignedIn(): string | null {
  const state = useSession((s) => s.state);
  const next = useNext();
  useEffect(() => {
    if (state.status === "idle") void loadSession();
  }, [state.status]);
  if (state.status !== "signed-in") return null;
  return state.me.mode === "local" ? "/dashboard" : next;
}

/** After a sign-in or sign-up: save the kept draft to the new session, remember the session, go on (the page
 * shows no redirect of its own meanwhile: it is busy). */
export function useSignedIn(): (session: Session) => Promise<void> {
  const navigate = useNavigate();
  const next = useNext();
  return async (session) => {
    setCsrfToken(session.csrf_token);
    const target = await importDraft(next, session.user.id);
    startSession(session);
    void navigate(target, { replace: true });
  };
}
