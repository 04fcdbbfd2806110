// The API client: every write carries the session's CSRF token, and a 401 goes to the session's handler (which
// sends the user to sign in) unless the request answers a 401 in words itself.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, CSRF_HEADER, request, setCsrfToken, setUnauthorizedHandler } from "./client";

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
