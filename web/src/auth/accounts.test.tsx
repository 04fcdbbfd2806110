// Accounts mode in the page: the gate sends signed-out visitors to sign in (remembering where they were), a 401
// mid-session does the same, the sign-in form shows the server's words and brings the user back, and work kept
// when a sign-in ended is saved to the account after the next sign-in. Local mode shows none of it.
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useEffect, useState } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setCsrfToken } from "../api/client";
import { listWorkflows, saveWorkflow } from "../api/workflows";
import { AccountMenu } from "../app/AccountMenu";
import { keepDraft, readDraft, takeRecovered } from "../app/draft";
import { RequireSession } from "../app/RequireSession";
import { useSession } from "../app/session";
import SignInPage from "./SignInPage";

const USER = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 100,
  analytics_opt_out: false, mode: "accounts" };
const LOCAL_OWNER = { ...USER, email: "local@localhost", name: "Local", role: "owner", mode: "local",
  csrf_token: null };
const WORKFLOW_ID = "a".repeat(32);

interface Call { method: string; url: string; csrf: string | null; body: unknown }
let calls: Call[] = [];
let signedIn = false;
/** The CSRF token of the session the server knows (GET /me answers it again). */
let csrf = "csrf-1";
let localMode = false;
let workflowVersion = 3;
/** The graph of the project WORKFLOW_ID as the studio holds it (GET answers it). */
let stored: unknown = {};
/** Writes must carry the session's current token (`csrf`), as the server checks. */
let checkCsrf = false;
/** Who GET /me answers: the other tab may have signed in as someone else. */
let meId = USER.id;
/** The balance GET /me answers (runs in the other tab spend it). */
let meCredits = USER.credits;

function reply(body: unknown, status = 200) {
  return new Response(status === 204 ? null : JSON.stringify(body), { status });
}
const refused = (detail: string) => reply({ detail, code: "unauthorized" }, 401);

function serve(url: string, init: RequestInit = {}): Response {
  const method = init.method ?? "GET";
  calls.push({ method, url, csrf: new Headers(init.headers).get("x-csrf-token"),
    body: typeof init.body === "string" ? JSON.parse(init.body) as unknown : null });
  if (url === "/api/v1/auth/me") {
    if (localMode) return reply(LOCAL_OWNER);
    return signedIn ? reply({ ...USER, id: meId, credits: meCredits, csrf_token: csrf })
      : refused("sign in to use the studio");
  }
  if (url === "/api/v1/auth/login") {
    const { password } = JSON.parse(init.body as string) as { password: string };
    if (password !== "correct horse") return refused("the email or password is wrong; check both and try again");
    signedIn = true;
    csrf = "csrf-2";
    return reply({ user: { ...USER, csrf_token: "csrf-2" }, csrf_token: "csrf-2" });
  }
  if (!signedIn && !localMode) return refused("your sign-in has expired; sign in again");
  if (checkCsrf && method !== "GET" && new Headers(init.headers).get("x-csrf-token") !== csrf) {
    return reply({ detail: "this page's sign-in is out of date (you signed in again elsewhere); reload the page",
      code: "csrf_rejected" }, 403);
  }
  if (url.startsWith("/api/v1/workflows?")) return reply({ items: [], total: 0 });
  if (url === `/api/v1/workflows/${WORKFLOW_ID}` && method === "GET") {
    return reply({ id: WORKFLOW_ID, title: "Moodboard", version: workflowVersion, document: stored, access: "owner" });
  }
  if (url === `/api/v1/workflows/${WORKFLOW_ID}` && method === "PATCH") {
    return reply({ id: WORKFLOW_ID, title: "Moodboard", version: workflowVersion + 1, document: {} });
  }
  if (url === "/api/v1/workflows" && method === "POST") return reply({ id: "b".repeat(32), version: 1 }, 201);
  return reply({ detail: "not found", code: "not_found" }, 404);
}

beforeEach(() => {
  calls = [];
  signedIn = false;
  csrf = "csrf-1";
  localMode = false;
  workflowVersion = 3;
  stored = {};
  checkCsrf = false;
  meId = USER.id;
  meCredits = USER.credits;
  localStorage.clear();
  useSession.setState({ state: { status: "idle" } });
  setCsrfToken(null);
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => vi.unstubAllGlobals());

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

/** A gated page that lists the projects (as the dashboard does), with the account menu. */
function Projects() {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => { listWorkflows().then((items) => setCount(items.length), () => undefined); }, []);
  return <div><AccountMenu /><p>{count === null ? "Loading projects" : `${count} projects`}</p></div>;
}

function app(start: string) {
  return render(
    <MemoryRouter initialEntries={[start]}>
      <Routes>
        <Route element={<RequireSession />}>
          <Route path="/dashboard" element={<Projects />} />
          <Route path="/editor" element={<p>Editor</p>} />
        </Route>
        <Route path="/signin" element={<><AccountMenu /><SignInPage /></>} />
      </Routes>
      <Where />
    </MemoryRouter>,
  );
}

async function signIn(password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("the sign-in gate", () => {
  it("sends a signed-out visitor to sign in, and back where they were after", async () => {
    app("/dashboard?q=mood");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(
      `/signin?next=${encodeURIComponent("/dashboard?q=mood")}`));
    await signIn("correct horse");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^\/dashboard\?q=mood$/));
    expect(await screen.findByText("0 projects")).toBeInTheDocument();
    // the account menu names who is signed in and their balance
    await userEvent.click(screen.getByTestId("account-menu"));
    expect(screen.getByTestId("account-email")).toHaveTextContent("ada@example.com");
    expect(screen.getByTestId("account-credits")).toHaveTextContent("100 credits");
  });

  it("sends the user to sign in when their sign-in ends mid-session (a 401), saying why", async () => {
    signedIn = true;
    app("/dashboard");
    expect(await screen.findByText("0 projects")).toBeInTheDocument();
    signedIn = false;  // the session expired on the server
    const error = await act(() => listWorkflows().catch((e: unknown) => e));
    expect(error).toBeInstanceOf(Error);
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(
      `/signin?next=${encodeURIComponent("/dashboard")}`));
    expect(await screen.findByRole("status")).toHaveTextContent("You were signed out; sign in again to go on.");
  });

  it("lets everyone through in local mode, with no sign-in and no account menu", async () => {
    localMode = true;
    app("/dashboard");
    expect(await screen.findByText("0 projects")).toBeInTheDocument();
    expect(screen.queryByTestId("account-menu")).toBeNull();
    expect(screen.queryByTestId("sign-in-link")).toBeNull();
    expect(screen.getByTestId("where")).toHaveTextContent(/^\/dashboard$/);
  });
});

describe("the sign-in form", () => {
  it("shows the server's words for a wrong password, then signs in and sends the CSRF token with writes",
    async () => {
      app("/signin");
      await signIn("wrong");
      expect(await screen.findByRole("alert")).toHaveTextContent(
        "The email or password is wrong; check both and try again");
      expect(screen.getByTestId("where")).toHaveTextContent(/^\/signin$/);
      const password = screen.getByLabelText("Password");
      await userEvent.clear(password);
      await userEvent.type(password, "correct horse");
      await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
      await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^\/dashboard$/));
      await userEvent.click(screen.getByTestId("account-menu"));
      await userEvent.click(screen.getByTestId("sign-out"));
      expect(calls.find((c) => c.url === "/api/v1/auth/logout")?.csrf).toBe("csrf-2");
    });

  it("asks for both fields before asking the server", async () => {
    app("/signin");
    await userEvent.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Type your email and password.");
    expect(calls.filter((c) => c.url === "/api/v1/auth/login")).toEqual([]);
  });
});

describe("work kept when a sign-in ended", () => {
  const node = (radius: number) => ({ id: "n1", type: "tool.blur", params: { radius } });
  /** The project as the page last knew the studio held it; the draft changed the radius to 9 offline. */
  const base = { schema_version: 1, nodes: [node(2)], edges: [] };
  const document = { schema_version: 1, nodes: [node(9)], edges: [] };
  const keep = (userId = USER.id) => keepDraft({ userId, workflowId: WORKFLOW_ID, version: 3, title: "Moodboard",
    document, base });

  it("is saved into its project after signing in again, when only this page's own saves changed it since", async () => {
    keep();
    stored = base;
    workflowVersion = 7;  // the page's own saves moved the version on after it loaded at 3
    app(`/signin?next=${encodeURIComponent(`/editor?id=${WORKFLOW_ID}`)}`);
    await signIn("correct horse");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(`/editor?id=${WORKFLOW_ID}`));
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch).toMatchObject({ csrf: "csrf-2", body: { document, version: 7, title: "Moodboard" } });
    expect(readDraft()).toBeNull();
    expect(takeRecovered(WORKFLOW_ID)).toBeNull();
  });

  it("is saved into its project when its offline edits reached the studio before the sign-in ended", async () => {
    keep();
    stored = document;
    app(`/signin?next=${encodeURIComponent(`/editor?id=${WORKFLOW_ID}`)}`);
    await signIn("correct horse");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(`/editor?id=${WORKFLOW_ID}`));
    expect(calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ document, version: 3 });
  });

  it("becomes a new project, said in its editor, when someone else changed the project since", async () => {
    keep();
    stored = { ...base, nodes: [node(2), { id: "n2", type: "input.prompt", params: {} }] };  // a collaborator's node
    app(`/signin?next=${encodeURIComponent(`/editor?id=${WORKFLOW_ID}`)}`);
    await signIn("correct horse");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(`/editor?id=${"b".repeat(32)}`));
    expect(calls.find((c) => c.method === "POST" && c.url === "/api/v1/workflows")?.body)
      .toEqual({ title: "Moodboard (recovered)", document });
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
    expect(takeRecovered("b".repeat(32))).toEqual({ into: "b".repeat(32), why: "changed",
      from: { id: WORKFLOW_ID, title: "Moodboard" } });
  });

  it("stays in the browser when another account signs in", async () => {
    keep("someone else");
    app("/signin");
    await signIn("correct horse");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^\/dashboard$/));
    expect(calls.some((c) => c.url.startsWith(`/api/v1/workflows/${WORKFLOW_ID}`))).toBe(false);
    expect(readDraft()?.userId).toBe("someone else");
  });
});

describe("a page whose sign-in is out of date (signed out and in again in another tab)", () => {
  const save = () => saveWorkflow(WORKFLOW_ID, { title: "Moodboard", version: 3 });

  it("renews its CSRF token and saves, the user seeing nothing; the balance is brought up to date", async () => {
    signedIn = true;
    app("/dashboard");
    expect(await screen.findByText("0 projects")).toBeInTheDocument();
    checkCsrf = true;
    csrf = "csrf-9";  // the other tab's new sign-in
    meCredits = 94;  // and a run there
    await act(async () => { await expect(save()).resolves.toMatchObject({ version: 4 }); });
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.csrf)).toEqual(["csrf-1", "csrf-9"]);
    expect(screen.getByTestId("where")).toHaveTextContent(/^\/dashboard$/);
    expect(useSession.getState().state).toMatchObject({ status: "signed-in", me: { credits: 94, csrf_token: "csrf-9" } });
  });

  it("signed in as another account there, does not write as that account: it says to reload", async () => {
    signedIn = true;
    app("/dashboard");
    expect(await screen.findByText("0 projects")).toBeInTheDocument();
    checkCsrf = true;
    csrf = "csrf-9";
    meId = "b".repeat(32);
    await act(async () => {
      await expect(save()).rejects.toThrow("This page's sign-in is out of date (you signed in again elsewhere); "
        + "reload the page");
    });
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(1);
    expect(useSession.getState().state).toMatchObject({ me: { id: USER.id } });
  });
});
