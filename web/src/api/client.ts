// The one HTTP helper every API module uses: JSON in and out, typed errors. Every error answer of the server is
// `{detail, code}` (ErrorBody), a 422 for an invalid workflow adds `problems`, one for a request of the wrong
// shape `errors` (UnprocessableBody). An error's message is the server's detail as a sentence (capitalised); a
// request that gets no answer at all (the studio is stopped) throws StudioUnreachableError, in words.
// In accounts mode every write carries the session's CSRF token (x-csrf-token), and a 401 (signed out, sign-in
// expired) is reported to the one handler the session registers, which sends the user to the sign-in page. A
// write refused for a stale CSRF token (403 `csrf_rejected`: the user signed out and in again in another tab)
// reads the token again from GET /auth/me and is sent once more; the user sees nothing unless that fails too.

import type { components } from "./schema.gen";
import type { Problem, UnprocessableBody } from "./types";

/** One refused field of a request: `loc` like ["body", "title"], `msg` in words. */
export type FieldError = NonNullable<UnprocessableBody["errors"]>[number];

export const API_BASE = "/api/v1";

export class ApiError extends Error {
  readonly status: number;
  readonly problems: Problem[];
  /** The server's stable code (`not_found`, `version_conflict`, `invalid_workflow`, ...), or null when the
   * answer did not come from the API (a proxy's error page). */
  readonly code: string | null;
  /** Each refused field of a 422 `invalid_request`: `loc` like ["body", "title"], `msg` in words. */
  readonly fieldErrors: FieldError[];

  constructor(status: number, message: string, problems: Problem[] = [], code: string | null = null,
    fieldErrors: FieldError[] = []) {
    super(sentence(message));
    this.name = "ApiError";
    this.status = status;
    this.problems = problems;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

/** The server's words as a sentence a user reads: "the file is empty" -> "The file is empty". */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What every request that never reached the studio says (it is stopped, or this computer is offline). Nothing is
 * promised about the request's own data: edits of the graph are kept (the offline banner says so), a comment or a
 * version asked for is not. */
export const UNREACHABLE_TEXT = "Can't reach the studio. Check that it is running (and this computer is online), "
  + "then try again.";

/** What failed and why, as a notice reads it: "The comment could not be posted: <the error's words>. Try again."; an
 * error whose words already end in "try again" (the studio unreachable) is not told so twice. */
export function couldNot(what: string, error: unknown): string {
  const why = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, "");
  return /try again$/i.test(why) ? `${what}: ${why}.` : `${what}: ${why}. Try again.`;
}

/** A request that got no answer: fetch failed (the studio is stopped, the network is down) before any status came.
 * Every call of `request` throws this instead of the browser's bare "Failed to fetch". */
export class StudioUnreachableError extends Error {
  constructor() {
    super(UNREACHABLE_TEXT);
    this.name = "StudioUnreachableError";
  }
}

/** True when the request never reached the server (offline, server down). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof StudioUnreachableError;
}

/** The error body, when the answer is the API's own `{detail, code, ...}`. */
function errorBodyOf(body: unknown): UnprocessableBody | null {
  if (!body || typeof body !== "object") return null;
  const { detail, code } = body as Partial<UnprocessableBody>;
  return typeof detail === "string" && typeof code === "string" ? body as UnprocessableBody : null;
}

/** The header a write made with the session cookie sends its CSRF token in (karate/services/accounts.py). */
export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** This page's CSRF token: from GET /auth/me as the page loads, or from a sign-in; kept in memory only. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthorizedHandler = (error: ApiError) => void;
let onUnauthorized: UnauthorizedHandler | null = null;
/** The one place a 401 goes (the session: signed out, so the page sends the user to sign in). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

/** The account GET /auth/me answers now, with the page's new CSRF token. */
export type FreshSession = components["schemas"]["MeOut"];
/** Told of the account behind a renewed token; false when it is not the one this page shows (another account
 * signed in elsewhere): then the write is not sent again, and its error (reload the page) stands. */
type SessionRenewedHandler = (me: FreshSession) => boolean;
let onSessionRenewed: SessionRenewedHandler | null = null;
export function setSessionRenewedHandler(handler: SessionRenewedHandler | null): void {
  onSessionRenewed = handler;
}

/** The one GET /auth/me under way for a stale token, shared by every write refused meanwhile. */
let renewing: Promise<FreshSession> | null = null;

/** Read the session again (a 401 here takes the usual way to the sign-in page); true when the page may go on
 * with the new token, as the same account. */
async function renewCsrfToken(): Promise<boolean> {
  renewing ??= request<FreshSession>("auth/me").finally(() => { renewing = null; });
  let me: FreshSession;
  try {
    me = await renewing;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;  // signed out: the sign-in page's words
    return false;  // the studio did not answer: the write's own error stands
  }
  if (onSessionRenewed && !onSessionRenewed(me)) return false;
  csrfToken = me.csrf_token ?? null;
  return csrfToken !== null;
}

export interface RequestOptions {
  /** False for the requests whose 401 is an answer in words, not a sign-out: a wrong password at sign-in or
   * password change, and the session check itself. */
  signInOn401?: boolean;
  /** Internal: false on the second try of a write whose CSRF token was renewed (it is not renewed twice). */
  renewCsrf?: boolean;
}

export async function request<T>(path: string, init: RequestInit = {}, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body && !(init.body instanceof FormData)) headers.set("content-type", "application/json");
  if (csrfToken && !SAFE_METHODS.has((init.method ?? "GET").toUpperCase())) headers.set(CSRF_HEADER, csrfToken);
  let response: Response;
  let text: string;
  try {
    response = await fetch(path.startsWith("/") ? path : `${API_BASE}/${path}`, {
      ...init,
      headers,
      credentials: "same-origin",
    });
    if (response.status === 204) return undefined as T;
    text = await response.text();
  } catch (error) {
    // fetch rejects with a TypeError when no answer came (a cancelled request's AbortError is passed on as it is)
    throw error instanceof TypeError ? new StudioUnreachableError() : error;
  }
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = errorBodyOf(body);
    const failure = new ApiError(response.status, error?.detail ?? `${response.status} ${response.statusText}`,
      error?.problems ?? [], error?.code ?? null, error?.errors ?? []);
    if (response.status === 401 && options.signInOn401 !== false) onUnauthorized?.(failure);
    if (response.status === 403 && failure.code === "csrf_rejected" && options.renewCsrf !== false
      && await renewCsrfToken()) {
      return request<T>(path, init, { ...options, renewCsrf: false });
    }
    throw failure;
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const json = (value: unknown): string => JSON.stringify(value);
