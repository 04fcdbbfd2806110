// The one HTTP helper every API module uses: JSON in and out, typed errors. Every error answer of the server is
// `{detail, code}` (ErrorBody), a 422 for an invalid workflow adds `problems`, one for a request of the wrong
// shape `errors` (UnprocessableBody). An error's message is the server's detail as a sentence (capitalised).
// In accounts mode every write carries the session's CSRF token (x-csrf-token), and a 401 (signed out, sign-in
// expired) is reported to the one handler the session registers, which sends the user to the sign-in page.

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

/** True when the request never reached the server (offline, server down). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
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

export interface RequestOptions {
  /** False for the requests whose 401 is an answer in words, not a sign-out: a wrong password at sign-in or
   * password change, and the session check itself. */
  signInOn401?: boolean;
}

export async function request<T>(path: string, init: RequestInit = {}, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body && !(init.body instanceof FormData)) headers.set("content-type", "application/json");
  if (csrfToken && !SAFE_METHODS.has((init.method ?? "GET").toUpperCase())) headers.set(CSRF_HEADER, csrfToken);
  const response = await fetch(path.startsWith("/") ? path : `${API_BASE}/${path}`, {
    ...init,
    headers,
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = errorBodyOf(body);
    const failure = new ApiError(response.status, error?.detail ?? `${response.status} ${response.statusText}`,
      error?.problems ?? [], error?.code ?? null, error?.errors ?? []);
    if (response.status === 401 && options.signInOn401 !== false) onUnauthorized?.(failure);
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
