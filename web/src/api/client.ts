// The one HTTP helper every API module uses: JSON in and out, typed errors.

import type { Problem } from "./types";

export const API_BASE = "/api/v1";

export class ApiError extends Error {
  readonly status: number;
  readonly problems: Problem[];

  constructor(status: number, message: string, problems: Problem[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.problems = problems;
  }
}

/** True when the request never reached the server (offline, server down). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

function messageOf(body: unknown, fallback: string): string {
  if (body && typeof body === "object") {
    const detail = (body as { detail?: unknown; message?: unknown }).detail ??
      (body as { message?: unknown }).message;
    if (typeof detail === "string") return detail;
    if (detail && typeof detail === "object" && "message" in detail) {
      return String((detail as { message: unknown }).message);
    }
  }
  return fallback;
}

function problemsOf(body: unknown): Problem[] {
  if (!body || typeof body !== "object") return [];
  const direct = (body as { problems?: unknown }).problems;
  const nested = (body as { detail?: { problems?: unknown } }).detail?.problems;
  const list = Array.isArray(direct) ? direct : Array.isArray(nested) ? nested : [];
  return list as Problem[];
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
    const problems = problemsOf(body);
    const fallback = problems[0]?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, messageOf(body, fallback), problems);
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
