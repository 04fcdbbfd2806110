// Who uses this page: the account GET /auth/me answers (in local mode the machine's owner, always there), read
// as the page loads; a sign-in replaces it, a sign-out or any 401 ends it. The CSRF token it carries goes to the
// API client, which sends it with every write.

import { create } from "zustand";
import { type Me, type Session, getMe, signOut } from "../api/auth";
import {
  ApiError, isNetworkError, setCsrfToken, setSessionRenewedHandler, setUnauthorizedHandler,
} from "../api/client";
import { readDraft } from "./draft";

export type SessionState =
  | { status: "idle" }
  | { status: "loading" }
  /** Signed in; in local mode always (the owner, `me.mode === "local"`). */
  | { status: "signed-in"; me: Me }
  /** An accounts-mode studio nobody is signed in to; `reason` says why when a sign-in ended. */
  | { status: "signed-out"; reason: string | null }
  | { status: "error"; message: string };

export const useSession = create<{ state: SessionState }>()(() => ({ state: { status: "idle" } }));

const set = (state: SessionState) => useSession.setState({ state });

/** True in an accounts-mode studio with someone signed in (false in local mode and when signed out). */
export function isAccount(state: SessionState): state is { status: "signed-in"; me: Me } {
  return state.status === "signed-in" && state.me.mode === "accounts";
}

/** True on a local studio (its one person, the owner, is always signed in): nobody else reads what they ask. */
export function isLocal(state: SessionState): boolean {
  return state.status === "signed-in" && state.me.mode === "local";
}

/** Whether a role may use the admin page (admins; local mode's owner too, though local mode shows no admin page). */
export function isAdmin(role: Me["role"]): boolean {
  return role === "admin" || role === "owner";
}

/** Whether the reader is the team of a studio with accounts (staff and admins), who answer everyone's questions;
 * false in local mode, where the owner's own list already holds every question. */
export function isStaff(state: SessionState): boolean {
  return isAccount(state) && (state.me.role === "staff" || state.me.role === "admin");
}

let loading: Promise<void> | null = null;

/** Read the session from GET /auth/me (once at a time); `quiet` keeps what is shown while it reloads. */
export function loadSession(quiet = false): Promise<void> {
  if (loading) return loading;
  if (!quiet) set({ status: "loading" });
  loading = getMe().then(
    (me) => {
      setCsrfToken(me.csrf_token ?? null);
      set({ status: "signed-in", me });
    },
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        set({ status: "signed-out", reason: null });
      } else if (!quiet) {
        const message = isNetworkError(error)
          ? "The studio cannot be reached; check that it is running and your connection, then try again."
          : error instanceof Error ? error.message : String(error);
        set({ status: "error", message });
      }
    },
  ).finally(() => { loading = null; });
  return loading;
}

/** A sign-in or sign-up answered: this is who uses the page now. */
export function startSession(session: Session): void {
  setCsrfToken(session.csrf_token);
  set({ status: "signed-in", me: { ...session.user, csrf_token: session.csrf_token } });
}

/** The new credit balance (or name) of the signed-in account, as another answer told it. */
export function updateMe(change: Partial<Me>): void {
  const state = useSession.getState().state;
  if (state.status === "signed-in") set({ status: "signed-in", me: { ...state.me, ...change } });
}

type Listener = () => void;
const endListeners = new Set<Listener>();

/** Called just before a sign-in ends on its own (a 401): the editor keeps its unsaved work as a draft. */
export function onSessionEnding(listener: Listener): () => void {
  endListeners.add(listener);
  return () => { endListeners.delete(listener); };
}

const signOutListeners = new Set<() => Promise<unknown>>();

/** Awaited before the user signs out: the editor saves what it has not saved yet. */
export function beforeSignOut(listener: () => Promise<unknown>): () => void {
  signOutListeners.add(listener);
  return () => { signOutListeners.delete(listener); };
}

/** The user signs out: pending work saved first, then the session ended on the server and here. */
export async function signOutNow(): Promise<void> {
  await Promise.allSettled([...signOutListeners].map((listener) => listener()));
  await signOut();
  endSession(null);
}

/** Nobody is signed in any more; `reason` is shown on the sign-in page. */
export function endSession(reason: string | null = null): void {
  setCsrfToken(null);
  set({ status: "signed-out", reason });
}

/** The sign-in ended under the page (it expired, or was signed out in another tab or by a password change
 * elsewhere), as any 401 of the API or the live link closing as signed out tells: what can be kept is kept, then
 * the page's gate sends the user to sign in, told why. Local mode is never signed out. */
export function signInEnded(): void {
  const state = useSession.getState().state;
  if (state.status === "signed-out") return;
  for (const listener of endListeners) listener();
  const kept = state.status === "signed-in" && readDraft()?.userId === state.me.id;
  endSession(kept ? "You were signed out. Sign in again to go on: your unsaved changes are kept and saved then."
    : "You were signed out; sign in again to go on.");
}

setUnauthorizedHandler(signInEnded);

// A write refused for a stale CSRF token read the session again (the user signed in again in another tab): the
// page goes on with the new token if it is still the account it shows (its balance brought up to date too).
setSessionRenewedHandler((fresh) => {
  const state = useSession.getState().state;
  if (state.status !== "signed-in" || state.me.id !== fresh.id) return false;
  set({ status: "signed-in", me: fresh });
  return true;
});

/** Where a signed-out user goes from `pathname + search`: the sign-in page, remembering it. */
export function signInPath(here: string): string {
  return here && here !== "/" ? `/signin?next=${encodeURIComponent(here)}` : "/signin";
}

/** The page to go to after signing in: the remembered one when it is a page of this studio, else the dashboard. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/dashboard";
  if (/^\/(signin|signup|forgot-password|reset-password)\b/.test(next)) return "/dashboard";
  return next;
}
