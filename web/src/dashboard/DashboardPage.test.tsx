import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSession } from "../app/session";
import DashboardPage from "./DashboardPage";

interface Summary { id: string; title: string; version: number; updated_at: string; created_at: string;
  node_count: number; thumbnail_url?: string | null; access?: string }

let workflows: Summary[] = [];
/** What others shared with the user (GET /workflows?shared=true). */
let shared: Summary[] = [];
let trash: Summary[] = [];
const calls: string[] = [];

function reply(body: unknown, status = 200) {
  return new Response(status === 204 ? null : JSON.stringify(body), { status,
    headers: { "content-type": "application/json" } });
}

beforeEach(() => {
  calls.length = 0;
  workflows = [];
  shared = [];
  trash = [];
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

/** The server's answer to what the page asks: the client always fetches a path given as a string. */
function serve(url: string, init?: RequestInit): Response {
  const method = init?.method ?? "GET";
  calls.push(`${method} ${url}`);
  if (url.startsWith("/api/v1/templates")) return reply({ items: [] });
  if (method === "DELETE" && url === "/api/v1/trash") {
    const purged = trash.length;
    trash = [];
    return reply({ purged });
  }
  if (url === "/api/v1/trash") return reply({ items: trash.map((w) => ({ ...w, deleted_at: w.updated_at,
    purge_at: w.updated_at })), retention_days: 30 });
  if (url.startsWith("/api/v1/workflows?")) {
    const params = new URL(url, "http://x").searchParams;
    const q = params.get("q")?.toLowerCase() ?? "";
    const found = (params.get("shared") === "true" ? shared : workflows).filter((w) => w.title.toLowerCase().includes(q));
    return reply({ items: found, total: found.length });
  }
  if (method === "POST" && url.endsWith("/restore")) {
    const id = url.split("/").at(-2) ?? "";
    const back = trash.find((w) => w.id === id);
    if (!back) return reply({ detail: "not in the trash" }, 404);
    trash = trash.filter((w) => w !== back);
    workflows = [...workflows, back];
    return reply(back);
  }
  if (method === "POST" && url === "/api/v1/workflows") {
    const created = { id: "a".repeat(32), title: "Untitled project", version: 1, created_at: "", updated_at: "",
      document: { schema_version: 1, nodes: [], edges: [] } };
    return reply(created, 201);
  }
  if (method === "DELETE") {
    trash = [...trash, ...workflows.filter((w) => url.endsWith(w.id))];
    workflows = workflows.filter((w) => !url.endsWith(w.id));
    return reply(null, 204);
  }
  return reply({ detail: "not found" }, 404);
}
afterEach(() => {
  vi.unstubAllGlobals();
  useSession.setState({ state: { status: "idle" } });
});

const ME = { id: "u".repeat(32), email: "ada@example.com", name: "Ada", role: "user", credits: 100,
  analytics_opt_out: false, csrf_token: "csrf" } as const;

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderDashboard() {
  render(
    <MemoryRouter initialEntries={["/dashboard"]}>
      <Routes>
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/editor" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

const summary = (id: string, title: string, updated: string): Summary =>
  ({ id, title, version: 1, created_at: updated, updated_at: updated, node_count: 0 });

describe("DashboardPage", () => {
  it("guides to the first project when there are none, and New Project opens the editor", async () => {
    renderDashboard();
    // this studio has no templates: the empty dashboard does not point to a list that is not there
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("and run it. Start blank, or open a workflow file");
    expect(screen.getByTestId("empty-state")).not.toHaveTextContent("template");
    await userEvent.click(screen.getByRole("button", { name: "New Project" }));
    expect(await screen.findByTestId("where")).toHaveTextContent(`/editor?id=${"a".repeat(32)}`);
  });

  it("lists projects newest first", async () => {
    workflows = [summary("1".repeat(32), "Older", "2024-01-01T00:00:00Z"),
      summary("2".repeat(32), "Newer", "2025-01-01T00:00:00Z")];
    renderDashboard();
    await screen.findAllByTestId("workflow-card");
    expect(screen.getAllByTestId("workflow-card").map((c) => c.textContent)).toEqual([
      expect.stringContaining("Newer"), expect.stringContaining("Older")]);
  });

  it("shows each project's signed thumbnail from the list, without fetching any project", async () => {
    const signed = `/api/v1/assets/${"f".repeat(64)}/content?exp=1&sig=${"0".repeat(32)}&size=256`;
    workflows = [{ ...summary("1".repeat(32), "Pictured", "2025-01-01T00:00:00Z"), node_count: 3,
      thumbnail_url: signed }, { ...summary("2".repeat(32), "Plain", "2024-01-01T00:00:00Z"), node_count: 2,
      thumbnail_url: null }];
    renderDashboard();
    expect(await screen.findByTestId("workflow-thumbnail")).toHaveAttribute("src", signed);
    expect(screen.getAllByTestId("workflow-card")[1]).toHaveTextContent("2 nodes");
    expect(calls.filter((c) => /\/api\/v1\/(workflows|assets)\/[0-9a-f]/.test(c))).toEqual([]);
  });

  /** "Move all to trash…" from the project list's ··· menu. */
  async function chooseMoveAllToTrash() {
    await userEvent.click(await screen.findByRole("button", { name: "Actions on all projects" }));
    await userEvent.click(screen.getByRole("menuitem", { name: "Move all to trash…" }));
  }

  it("offers emptying the list by its name in the list's own menu, not as a button beside the search", async () => {
    workflows = [summary("1".repeat(32), "One", "2024-01-01T00:00:00Z")];
    renderDashboard();
    const search = await screen.findByRole("searchbox", { name: "Search projects" });
    expect(screen.queryByRole("button", { name: /clear/i })).not.toBeInTheDocument();
    expect(search.parentElement).not.toContainElement(screen.getByRole("button", { name: "Actions on all projects" }));
    await chooseMoveAllToTrash();
    expect(screen.getByRole("alertdialog")).toHaveTextContent("This moves your 1 project to the trash.");
  });

  it("answers the keyboard as a menu: arrows move, Escape closes and gives the focus back to ···", async () => {
    workflows = [summary("1".repeat(32), "One", "2024-01-01T00:00:00Z")];
    renderDashboard();
    const more = await screen.findByRole("button", { name: "Actions on all projects" });
    expect(more).toHaveAttribute("aria-haspopup", "menu");
    more.focus();
    await userEvent.keyboard("{Enter}");
    const item = screen.getByRole("menuitem", { name: "Move all to trash…" });
    expect(screen.getByRole("menu")).toContainElement(item);
    expect(more).toHaveAttribute("aria-expanded", "true");
    expect(item).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(item).toHaveFocus();  // round the ends: the one item stays chosen
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(more).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await userEvent.tab();  // on to the page: the menu goes
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(calls.filter((c) => c.startsWith("DELETE"))).toHaveLength(0);
  });

  it("deletes every project only after confirmation", async () => {
    workflows = [summary("1".repeat(32), "One", "2024-01-01T00:00:00Z"),
      summary("2".repeat(32), "Two", "2024-02-01T00:00:00Z")];
    renderDashboard();
    await chooseMoveAllToTrash();
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(calls.filter((c) => c.startsWith("DELETE"))).toHaveLength(0);
    await chooseMoveAllToTrash();
    await userEvent.click(screen.getByRole("button", { name: "Move all to trash" }));
    await waitFor(() => expect(screen.getByTestId("empty-state")).toBeInTheDocument());
    expect(calls.filter((c) => c.startsWith("DELETE"))).toHaveLength(2);
    // not greeted as a new user: told where the projects went
    await waitFor(() => expect(screen.getByTestId("empty-state")).toHaveTextContent(
      "No projects here nowYour 2 projects are in the Trash below, where each can be restored."));
    expect(screen.getByTestId("trash")).toHaveTextContent("Trash (2)");
  });

  it("brings back every project \"Move all to trash\" took when Undo is clicked", async () => {
    workflows = [summary("1".repeat(32), "One", "2024-01-01T00:00:00Z"),
      summary("2".repeat(32), "Two", "2024-02-01T00:00:00Z")];
    renderDashboard();
    await chooseMoveAllToTrash();
    await userEvent.click(screen.getByRole("button", { name: "Move all to trash" }));
    expect(await screen.findByTestId("undo-toast")).toHaveTextContent("Moved 2 projects to the trash.");
    await userEvent.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.getAllByTestId("workflow-card")).toHaveLength(2));
    expect(screen.queryByTestId("undo-toast")).not.toBeInTheDocument();
  });

  it("takes the Undo toast away once the trash is emptied: nothing is left to bring back", async () => {
    workflows = [summary("1".repeat(32), "Fox poster", "2024-01-01T00:00:00Z")];
    renderDashboard();
    await userEvent.click(await screen.findByRole("button", { name: "Delete Fox poster" }));
    expect(await screen.findByTestId("undo-toast")).toBeInTheDocument();
    await userEvent.click(await screen.findByText("Trash (1)"));
    await userEvent.click(screen.getByRole("button", { name: "Empty trash" }));
    expect(screen.getByText("This deletes 1 project for good. It can't be undone.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Delete for good" }));
    await waitFor(() => expect(screen.queryByTestId("undo-toast")).not.toBeInTheDocument());
    expect(calls).toContain("DELETE /api/v1/trash");
  });

  it("names the deleted project in the toast", async () => {
    workflows = [summary("1".repeat(32), "Fox poster", "2024-01-01T00:00:00Z")];
    renderDashboard();
    await userEvent.click(await screen.findByRole("button", { name: "Delete Fox poster" }));
    expect(await screen.findByTestId("undo-toast")).toHaveTextContent("Moved Fox poster to the trash.");
  });

  it("asks the server for the titles that match the search", async () => {
    workflows = [summary("1".repeat(32), "Red fox", "2024-01-01T00:00:00Z"),
      summary("2".repeat(32), "Blue sky", "2024-02-01T00:00:00Z")];
    renderDashboard();
    await screen.findAllByTestId("workflow-card");
    await userEvent.type(screen.getByRole("searchbox", { name: "Search projects" }), "FOX");
    await waitFor(() => expect(screen.getAllByTestId("workflow-card")).toHaveLength(1));
    expect(screen.getByTestId("workflow-card")).toHaveTextContent("Red fox");
    expect(calls).toContain("GET /api/v1/workflows?limit=200&q=FOX");
    await userEvent.clear(screen.getByRole("searchbox", { name: "Search projects" }));
    await userEvent.type(screen.getByRole("searchbox", { name: "Search projects" }), "zebra");
    expect(await screen.findByTestId("no-match")).toHaveTextContent("zebra");
  });

  it("shows the projects shared with the user in accounts mode, each with its role, opening in the editor",
    async () => {
      useSession.setState({ state: { status: "signed-in", me: { ...ME, mode: "accounts" } } });
      workflows = [summary("1".repeat(32), "Mine", "2024-01-01T00:00:00Z")];
      shared = [{ ...summary("2".repeat(32), "Grace's poster", "2024-01-01T00:00:00Z"), access: "viewer" },
        { ...summary("3".repeat(32), "Team moodboard", "2025-01-01T00:00:00Z"), access: "editor" }];
      renderDashboard();
      const cards = await screen.findAllByTestId("shared-card");
      expect(screen.getByRole("heading", { name: "Shared with me" })).toBeInTheDocument();
      expect(cards.map((c) => [c.textContent, c.getAttribute("data-access")])).toEqual([
        [expect.stringContaining("Team moodboard"), "editor"], [expect.stringContaining("Grace's poster"), "viewer"]]);
      expect(screen.getAllByTestId("shared-access").map((b) => b.textContent)).toEqual(["Editor", "Viewer"]);
      expect(screen.getAllByTestId("workflow-card")).toHaveLength(1);  // not among the user's own
      await userEvent.click(screen.getByRole("link", { name: "Team moodboard" }));
      expect(await screen.findByTestId("where")).toHaveTextContent(`/editor?id=${"3".repeat(32)}`);
    });

  it("hides the shared section when nothing is shared, and asks nothing of it in local mode", async () => {
    useSession.setState({ state: { status: "signed-in", me: { ...ME, mode: "accounts" } } });
    workflows = [summary("1".repeat(32), "Mine", "2024-01-01T00:00:00Z")];
    const { unmount } = render(<MemoryRouter><DashboardPage /></MemoryRouter>);
    await screen.findAllByTestId("workflow-card");
    await waitFor(() => expect(calls).toContain("GET /api/v1/workflows?limit=200&shared=true"));
    expect(screen.queryByTestId("shared-projects")).toBeNull();
    unmount();
    calls.length = 0;
    shared = [{ ...summary("2".repeat(32), "Theirs", "2024-01-01T00:00:00Z"), access: "viewer" }];
    useSession.setState({ state: { status: "signed-in", me: { ...ME, mode: "local", role: "owner" } } });
    renderDashboard();
    await screen.findAllByTestId("workflow-card");
    expect(calls.some((c) => c.includes("shared=true"))).toBe(false);
    expect(screen.queryByTestId("shared-projects")).toBeNull();
  });

  it("makes a project of a workflow file chosen with Open workflow file, or dropped on the page, and opens it",
    async () => {
      const document = { schema_version: 1, nodes: [{ id: "blur-1", type: "tool.blur", params: {},
        position: { x: 120, y: 80 } }], edges: [] };
      const file = () => new File([JSON.stringify(document)], "Night poster.json", { type: "application/json" });
      const posted = (): unknown[] => vi.mocked(fetch).mock.calls
        .filter(([url, init]) => url === "/api/v1/workflows" && init?.method === "POST")
        .map(([, init]) => JSON.parse(init?.body as string) as unknown);
      renderDashboard();
      await screen.findByTestId("empty-state");
      await userEvent.upload(screen.getByTestId("open-workflow-file"), file());
      expect(await screen.findByTestId("where")).toHaveTextContent(`/editor?id=${"a".repeat(32)}`);
      // the server numbers it apart from a "Night poster" already on the dashboard ("Night poster (2)")
      expect(posted()).toEqual([{ title: "Night poster", document, distinct_title: true }]);
    });

  it("refuses a dropped file that is no workflow, saying what a workflow file is", async () => {
    renderDashboard();
    await screen.findByTestId("empty-state");
    const notes = new File(["just notes"], "notes.json", { type: "application/json" });
    fireEvent.drop(screen.getByTestId("dashboard"), { dataTransfer: { files: [notes], types: ["Files"] } });
    expect(await screen.findByRole("alert")).toHaveTextContent("“notes.json” is not a workflow file: it is not JSON. "
      + "A workflow file is the .json file that “Download workflow” in the editor saves");
    expect(calls.filter((call) => call === "POST /api/v1/workflows")).toEqual([]);
  });
});
