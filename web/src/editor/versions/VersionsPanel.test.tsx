// The Versions panel lists the project's versions (named ones by name and in bold, others by how they came),
// saves one under a name, shows a picked version's difference from the graph in words, restores it as one
// undoable change with a notice offering Undo (the nodes it takes away recorded as this user's deletions), and opens
// it as a new project. The API is served at fetch.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { SPECS } from "../../test/specs";
import { RestoreNotice } from "../activity/CollabUi";
import { watchDeletedChanges, type Loss } from "../collab/deletedChanges";
import { setAuthor } from "../collab/deletions";
import { roots } from "../collab/ydoc";
import { resetEditor, useEditor } from "../store/editorStore";
import { resetVersions } from "./store";
import { VersionsPanel } from "./VersionsPanel";

const BOB = { id: "u-bob", name: "Bob" };
const version = (number: number, kind: string, name: string | null = null) => ({
  id: `v${number}`, number, kind, name, author: BOB, created_at: "2026-01-02T10:00:00Z", node_count: 1 });
const DOCUMENT = { schema_version: 1, nodes: [{ id: "b", type: "tool.blur", params: { radius: 2 },
  position: { x: 0, y: 0 } }], edges: [] };

let versions: ReturnType<typeof version>[] = [];
let requests: { method: string; url: string; body?: unknown }[] = [];

function serve(url: string, init: RequestInit = {}): Response {
  const method = init.method ?? "GET";
  requests.push({ method, url, body: init.body ? JSON.parse(init.body as string) as unknown : undefined });
  const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
  if (url === "/api/v1/workflows/w1/versions" && method === "POST") {
    const { name } = JSON.parse(init.body as string) as { name: string };
    const saved = version(versions.length + 1, "named", name);
    versions = [saved, ...versions];
    return ok(saved, 201);
  }
  if (url === "/api/v1/workflows/w1/versions") return ok({ items: versions, total: versions.length });
  if (url === "/api/v1/workflows/w1/versions/v2/diff") {
    return ok({ added: [{ id: "s", type: "output.save", title: "Save Image" }], removed: [], edges_added: [],
      edges_removed: [], changed: [{ id: "b", type: "tool.blur", title: "Blur", moved: false, other: [],
        params: [{ name: "radius", before: 2, after: 8 }] }] });
  }
  if (url === "/api/v1/workflows/w1/versions/v1/diff") {  // two nodes of one title, both changed, and joined
    const blur = (id: string, before: number, after: number) => ({ id, type: "tool.blur", title: "Blur", moved: false,
      other: [], params: [{ name: "radius", before, after }] });
    return ok({ added: [], removed: [], changed: [blur("blur-2", 4, 6), blur("blur-1", 2, 8)], edges_removed: [],
      edges_added: [{ id: "e", source: "blur-1", sourceHandle: "image", target: "blur-2", targetHandle: "image" }] });
  }
  if (url === "/api/v1/workflows/w1/versions/v3/diff") {  // the graph as it is now
    return ok({ added: [], removed: [], changed: [], edges_added: [], edges_removed: [] });
  }
  if (url === "/api/v1/workflows/w1/versions/v2") return ok({ ...version(2, "run"), document: DOCUMENT });
  if (url === "/api/v1/workflows/w1/versions/v2/copy" && method === "POST") {
    return ok({ id: "w9", title: "Copy", version: 1, document: DOCUMENT }, 201);
  }
  return ok({ detail: "not found", code: "not_found" }, 404);
}

function Where() {
  const location = useLocation();
  return <span data-testid="where">{location.pathname + location.search}</span>;
}

function renderPanel() {
  render(
    <MemoryRouter initialEntries={["/editor?id=w1"]}>
      <VersionsPanel workflowId="w1" />
      <RestoreNotice />
      <Routes><Route path="*" element={<Where />} /></Routes>
    </MemoryRouter>);
}

beforeEach(() => {
  versions = [version(3, "named", "Final look"), version(2, "run"), version(1, "auto")];
  requests = [];
  resetEditor();
  resetVersions();
  useEditor.getState().setSpecs(SPECS);
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "owner" });
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => vi.unstubAllGlobals());

describe("the Versions panel", () => {
  it("lists versions newest first: named ones by name in bold, the others by how they came", async () => {
    renderPanel();
    const items = await screen.findAllByTestId("version-item");
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining("v3Final look"), expect.stringContaining("v2Before a run"),
      expect.stringContaining("v1Automatic")]);
    expect(within(items[0]).getByText("Final look")).toHaveClass("font-semibold");
    expect(within(items[1]).getByText("Before a run")).not.toHaveClass("font-semibold");
    expect(items[0]).toHaveTextContent("Bob");
  });

  it("saves a version under the name asked, and lists it", async () => {
    renderPanel();
    await screen.findAllByTestId("version-item");
    await userEvent.click(screen.getByTestId("save-version"));
    await userEvent.type(screen.getByLabelText("Version name"), "Before colours{Enter}");
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/versions",
      body: { name: "Before colours" } });
    expect(await screen.findByText("Before colours")).toHaveClass("font-semibold");
    expect(screen.getAllByTestId("version-item")).toHaveLength(4);
  });

  it("shows a picked version's difference from the graph in words", async () => {
    renderPanel();
    await userEvent.click((await screen.findAllByTestId("version-item"))[1]);
    const diff = await screen.findByTestId("version-diff");
    expect(await within(diff).findByText("Added: Save Image")).toBeVisible();
    expect(within(diff).getByText("Changed: Blur — Radius 2 → 8")).toBeVisible();
  });

  it("tells nodes of one title apart in the order added, as their edges are labelled: Blur (1), Blur (2)", async () => {
    useEditor.getState().addNode("tool.blur", { x: 500, y: 0 });  // blur-1, on the right: Blur (1) wherever it sits
    useEditor.getState().addNode("tool.blur", { x: 0, y: 0 });  // blur-2
    renderPanel();
    await userEvent.click((await screen.findAllByTestId("version-item"))[2]);
    const diff = await screen.findByTestId("version-diff");
    await within(diff).findAllByTestId("version-diff-line");
    expect(within(diff).getAllByTestId("version-diff-line").map((line) => line.textContent)).toEqual([
      "Changed: Blur (2) — Radius 4 → 6", "Changed: Blur (1) — Radius 2 → 8", "Connected: Blur (1) → Blur (2)"]);
  });

  it("offers no restoring of a version the graph already is, saying why", async () => {
    renderPanel();
    await userEvent.click((await screen.findAllByTestId("version-item"))[0]);
    expect(await screen.findByText("The same as the current graph.")).toBeVisible();
    expect(screen.getByTestId("version-restore")).toBeDisabled();
    expect(screen.getByTestId("version-restore")).toHaveAttribute("title",
      "The graph is this version's already: nothing to restore");
    expect(screen.getByTestId("version-copy")).toBeEnabled();
  });

  it("restores a version as one undoable change, with a notice whose Undo takes it back", async () => {
    const replaceGraph = vi.fn();
    const undo = vi.fn();
    useEditor.setState({ replaceGraph, undo });
    renderPanel();
    await userEvent.click((await screen.findAllByTestId("version-item"))[1]);
    await userEvent.click(screen.getByTestId("version-restore"));
    expect(await screen.findByTestId("restore-notice")).toHaveTextContent("Version 2 restored, as one change.");
    expect(replaceGraph).toHaveBeenCalledExactlyOnceWith(DOCUMENT);
    await userEvent.click(screen.getByTestId("restore-undo"));
    expect(undo).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("restore-notice")).toBeNull();
  });

  it("records the nodes a restore takes away as this user's deletions: a collaborator who changed one is told who",
    async () => {
      const save = { id: "s", type: "output.save", params: {}, position: { x: 300, y: 0 } };
      useEditor.getState().loadDocument({ ...DOCUMENT, nodes: [...DOCUMENT.nodes, save] });  // added since v2
      const doc = useEditor.getState().graphDoc();
      setAuthor(doc, { id: "u-ada", name: "Ada" });
      // a collaborator's page, where they named that node; each page gets the other's changes
      const theirs = new Y.Doc();
      Y.applyUpdate(theirs, Y.encodeStateAsUpdate(doc));
      const losses: Loss[] = [];
      const stop = watchDeletedChanges(theirs, (loss) => losses.push(loss));
      theirs.transact(() => roots(theirs).nodes.get("s")!.set("title", "Final save"));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(doc)));
      doc.on("update", (update: Uint8Array) => Y.applyUpdate(theirs, update));
      renderPanel();
      await userEvent.click((await screen.findAllByTestId("version-item"))[1]);
      await userEvent.click(screen.getByTestId("version-restore"));
      await screen.findByTestId("restore-notice");
      expect(losses.map((loss) => [loss.nodes.map((node) => node.id), loss.deleters]))
        .toEqual([[["s"], [{ id: "u-ada", name: "Ada" }]]]);
      stop();
    });

  it("opens a version as a new project", async () => {
    renderPanel();
    await userEvent.click((await screen.findAllByTestId("version-item"))[1]);
    await userEvent.click(screen.getByTestId("version-copy"));
    expect(await screen.findByText("/editor?id=w9")).toBeVisible();
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/versions/v2/copy", body: undefined });
  });

  it("offers a viewer no saving or restoring, only a copy", async () => {
    useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "viewer" });
    renderPanel();
    await userEvent.click((await screen.findAllByTestId("version-item"))[1]);
    expect(screen.queryByTestId("save-version")).toBeNull();
    expect(screen.queryByTestId("version-restore")).toBeNull();
    expect(screen.getByTestId("version-copy")).toBeEnabled();
  });
});
