// The API client: every write carries the session's CSRF token, and a 401 goes to the session's handler (which
// sends the user to sign in) unless the request answers a 401 in words itself. A write refused for a stale CSRF
// token (signed in again in another tab) renews the token from /auth/me and is sent once more.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApiError, couldNot, CSRF_HEADER, isNetworkError, request, setCsrfToken, setSessionRenewedHandler, setUnauthorizedHandler,
  StudioUnreachableError, UNREACHABLE_TEXT,
} from "./client";

const sent: { url: string; init: RequestInit }[] = [];
let answer: () => Response = () => new Response(JSON.stringify({ ok: true }), { status: 200 });

beforeEach(() => {
  sent.length = 0;
  answer = () => new Response(JSON.stringify({ ok: true }), { status: 200 });
  vi.stubGlobal("fetch", vi.fn((url: string, init: RequestInit) => {
    sent.push({ url, init });
    return Promise.resolve(answer());
  }));
});

afterEach(() => {
  setCsrfToken(null);
  setUnauthorizedHandler(null);
  setSessionRenewedHandler(null);
  vi.unstubAllGlobals();
});

const headerOf = (index: number) => new Headers(sent[index].init.headers).get(CSRF_HEADER);

describe("the CSRF header", () => {
  it("goes with every write once the page knows its token", async () => {
    setCsrfToken("token-1");
    await request("workflows", { method: "POST", body: "{}" });
    await request("workflows/x", { method: "PATCH", body: "{}" });
    await request("workflows/x", { method: "DELETE" });
    await request("assets", { method: "POST", body: new FormData() });
    expect([0, 1, 2, 3].map(headerOf)).toEqual(["token-1", "token-1", "token-1", "token-1"]);
    expect(sent.every((s) => s.init.credentials === "same-origin")).toBe(true);
  });

  it("is not sent with reads, nor when no token is known (local mode)", async () => {
    setCsrfToken("token-1");
    await request("workflows");
    setCsrfToken(null);
    await request("workflows", { method: "POST", body: "{}" });
    expect([headerOf(0), headerOf(1)]).toEqual([null, null]);
  });
});

describe("a 401", () => {
  const unauthorized = () => new Response(JSON.stringify({ detail: "your sign-in has expired; sign in again",
    code: "unauthorized" }), { status: 401 });

  it("is handed to the session's handler, then thrown with the server's words", async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    answer = unauthorized;
    const failure = request("workflows").catch((e: unknown) => e);
    const error = await failure;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("Your sign-in has expired; sign in again");
    expect(handler).toHaveBeenCalledOnce();
  });

  it("of a request that answers it in words (a wrong password) is only thrown", async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    answer = unauthorized;
    await expect(request("auth/login", { method: "POST", body: "{}" }, { signInOn401: false }))
      .rejects.toThrow(ApiError);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("a stale CSRF token", () => {
  const ME = { id: "u1", email: "ada@example.com", name: "Ada", role: "user", credits: 94, analytics_opt_out: false,
    mode: "accounts" };
  const stale = () => new Response(JSON.stringify({ detail: "this page's sign-in is out of date (you signed in "
    + "again elsewhere); reload the page", code: "csrf_rejected" }), { status: 403 });
  const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
  /** The studio as the other tab left it: the session's token is now `token-2`. */
  const studio = (me: () => Response) => () => {
    const { url, init } = sent[sent.length - 1];
    if (url.endsWith("/auth/me")) return me();
    if (new Headers(init.headers).get(CSRF_HEADER) !== "token-2") return stale();
    return ok({ saved: true });
  };

  it("is renewed from /auth/me and the write sent again with the new one, unseen", async () => {
    setCsrfToken("token-1");
    answer = studio(() => ok({ ...ME, csrf_token: "token-2" }));
    await expect(request("workflows/x", { method: "PATCH", body: "{}" })).resolves.toEqual({ saved: true });
    expect(sent.map((s) => s.url)).toEqual(["/api/v1/workflows/x", "/api/v1/auth/me", "/api/v1/workflows/x"]);
    expect([headerOf(0), headerOf(2)]).toEqual(["token-1", "token-2"]);
    // later writes carry the new token from the start
    await request("workflows", { method: "POST", body: "{}" });
    expect(headerOf(3)).toBe("token-2");
  });

  it("is renewed once for writes refused together", async () => {
    setCsrfToken("token-1");
    answer = studio(() => ok({ ...ME, csrf_token: "token-2" }));
    await Promise.all([request("a", { method: "POST", body: "{}" }), request("b", { method: "POST", body: "{}" })]);
    expect(sent.filter((s) => s.url.endsWith("/auth/me"))).toHaveLength(1);
  });

  it("signed out meanwhile, takes the 401 way to the sign-in page", async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    setCsrfToken("token-1");
    answer = studio(() => ok({ detail: "sign in to go on", code: "unauthorized" }, 401));
    const error = await request("workflows/x", { method: "PATCH", body: "{}" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledOnce();
    expect(sent).toHaveLength(2);  // the write is not sent again
  });

  it("is tried again only once: a second refusal is the error the user sees", async () => {
    setCsrfToken("token-1");
    answer = () => (sent[sent.length - 1].url.endsWith("/auth/me") ? ok({ ...ME, csrf_token: "token-3" }) : stale());
    const error = await request("workflows/x", { method: "PATCH", body: "{}" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: "csrf_rejected",
      message: "This page's sign-in is out of date (you signed in again elsewhere); reload the page" });
    expect(sent).toHaveLength(3);
  });

  it("of another account signed in elsewhere is not used: the page is to be reloaded", async () => {
    setSessionRenewedHandler((me) => me.id === "someone-else");
    setCsrfToken("token-1");
    answer = studio(() => ok({ ...ME, csrf_token: "token-2" }));
    await expect(request("workflows/x", { method: "PATCH", body: "{}" })).rejects.toMatchObject({
      code: "csrf_rejected" });
    expect(sent).toHaveLength(2);
    await request("workflows", { method: "POST", body: "{}" }).catch(() => undefined);
    expect(headerOf(2)).toBe("token-1");  // this page's token stays its own
  });
});

describe("a request that gets no answer", () => {
  it("says in words that the studio can't be reached and what to do, promising nothing about the request", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    const error = await request("runs", { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioUnreachableError);
    expect(isNetworkError(error)).toBe(true);
    expect((error as Error).message).toBe(UNREACHABLE_TEXT);
    expect(UNREACHABLE_TEXT).toMatch(/can't reach the studio.*it is running.*try again/i);
    expect(UNREACHABLE_TEXT).not.toContain("kept");  // a comment or a version asked for offline is not
    expect((error as Error).message).not.toContain("Failed to fetch");
  });

  it("reads in a notice once, as the reason something failed, without 'try again' said twice", () => {
    expect(couldNot("The comment could not be posted", new StudioUnreachableError())).toBe(
      `The comment could not be posted: ${UNREACHABLE_TEXT}`);
    expect(couldNot("The version could not be saved", new ApiError(409, "the name is taken.", [], "conflict")))
      .toBe("The version could not be saved: The name is taken. Try again.");
  });

  it("passes a cancelled request's abort on as it is", async () => {
    const abort = new DOMException("The operation was aborted.", "AbortError");
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(abort)));
    await expect(request("runs")).rejects.toBe(abort);
  });

  it("is not mistaken for an answer of the server", async () => {
    answer = () => new Response(JSON.stringify({ detail: "no such run", code: "not_found" }), { status: 404 });
    const error = await request("runs/x").catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(false);
  });
});
