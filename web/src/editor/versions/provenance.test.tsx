// A result leads to the version that made it: the viewer's line names the run, the version and its date, and
// opens that version as a new project; an uploaded photo is called an uploaded file, by its name; the run history
// names each run's version ("v3 · Before a run").
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HistoryPanel } from "../panels/HistoryPanel";
import { resetEditor, useEditor } from "../store/editorStore";
import { Provenance } from "../viewer/Provenance";

const AT = "2026-03-12T10:00:00Z";
const V3 = { id: "v3", number: 3, kind: "run", name: null };
const item = (id: string, version: typeof V3 | null) => ({ id, workflow_id: "w1", version_id: version?.id ?? null,
  version, status: "completed", error: null, targets: null, created_at: AT, started_at: AT, finished_at: AT,
  events_url: "", thumbnail_url: null, credits: 0 });
let posted: string[] = [];

function serve(url: string, init: RequestInit = {}): Response {
  const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
  if (url === "/api/v1/assets/a1/provenance") {
    return ok({ asset_id: "a1", run_id: "3f2a9c1b77", node_id: "n", workflow_id: "w1",
      version: { id: "v4", number: 4, kind: "named", name: "Final look" }, uploaded: false, filename: null });
  }
  if (url === "/api/v1/assets/u1/provenance") {  // an uploaded photo: no run made it
    return ok({ asset_id: "u1", run_id: null, node_id: null, workflow_id: null, version: null, uploaded: true,
      filename: "IMG_4032.jpg" });
  }
  if (url === "/api/v1/runs/3f2a9c1b77?view=summary") {  // the run's date: its summary, not every node's record
    return ok({ ...item("3f2a9c1b77", null), nodes: {}, progress: { nodes: 1, by_status: { completed: 1 }, cached: 0,
      executed: 1, credits: 0, elapsed_ms: 5 } });
  }
  if (url === "/api/v1/workflows/w1/versions/v4/copy" && init.method === "POST") {
    posted.push(url);
    return ok({ id: "w9", title: "Copy", version: 1, document: { schema_version: 1, nodes: [], edges: [] } }, 201);
  }
  if (url.startsWith("/api/v1/runs?")) {
    return ok({ items: [item("r2", V3), item("r1", null)], total: 2, limit: 50, offset: 0 });
  }
  return ok({ detail: "not found", code: "not_found" }, 404);
}

function Where() {
  const location = useLocation();
  return <span data-testid="where">{location.pathname + location.search}</span>;
}

beforeEach(() => {
  posted = [];
  resetEditor();
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => vi.unstubAllGlobals());

describe("a result's provenance", () => {
  it("names the run, the version and the date, and opens that version as a project", async () => {
    render(
      <MemoryRouter initialEntries={["/editor?id=w1"]}>
        <Provenance assetId="a1" />
        <Routes><Route path="*" element={<Where />} /></Routes>
      </MemoryRouter>);
    const line = await screen.findByTestId("provenance");
    const date = new Date(AT).toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit" });
    expect(line).toHaveTextContent(`Made by the run of ${date} from version 4 (Final look)`);
    await userEvent.click(within(line).getByRole("button", { name: "Open that version as a project" }));
    expect(posted).toEqual(["/api/v1/workflows/w1/versions/v4/copy"]);
    expect(await screen.findByText("/editor?id=w9")).toBeVisible();
  });

  it("calls an uploaded photo an uploaded file, by its name, with no run or version to open", async () => {
    render(<MemoryRouter><Provenance assetId="u1" /></MemoryRouter>);
    const line = await screen.findByTestId("provenance");
    expect(line).toHaveTextContent(/^Uploaded file IMG_4032\.jpg$/);
    expect(within(line).queryByRole("button")).toBeNull();
    const asked = vi.mocked(fetch).mock.calls.map(([url]) => url as string);
    expect(asked.filter((url) => url.includes("/runs/"))).toEqual([]);
  });
});

describe("the run history", () => {
  it("names the version each run ran", async () => {
    useEditor.getState().toggleHistory(true);
    render(<HistoryPanel />);
    const runs = await screen.findAllByTestId("history-item");
    expect(within(runs[0]).getByTestId("history-version")).toHaveTextContent("v3 · Before a run");
    expect(within(runs[1]).queryByTestId("history-version")).toBeNull();
  });
});
