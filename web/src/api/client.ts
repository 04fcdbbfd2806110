// The one HTTP helper every API module uses: JSON in and out, typed errors. Every error answer of the server is
// `{detail, code}` (ErrorBody), a 422 for an invalid workflow adds `problems`, one for a request of the wrong
// shape `errors` (UnprocessableBody). An error's message is the server's detail as a sentence (capitalised).

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

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body && !(init.body instanceof FormData)) headers.set("content-type", "application/json");
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
    throw new ApiError(response.status, error?.detail ?? `${response.status} ${response.statusText}`,
      error?.problems ?? [], error?.code ?? null, error?.errors ?? []);
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
