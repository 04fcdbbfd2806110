// Two editors on one workflow, their documents linked in memory as the server links them (each one's updates
// applied to the other): both canvases converge, undo takes back only one's own changes, edits made apart merge,
// and a change rebuilds only what it touched.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { SPECS } from "../../test/specs";
import { toDocument } from "../graph/document";
import { roots } from "./ydoc";
import { createEditorStore } from "../store/editorStore";
import { isStudioNode } from "../types";

type Store = ReturnType<typeof createEditorStore>;
const REMOTE = "remote";

/** Two editors whose documents exchange updates while `online`; offline ones are held and delivered on return. */
function pair() {
  const a = createEditorStore();
  const b = createEditorStore();
  for (const store of [a, b]) {
    store.getState().setSpecs(SPECS);
    store.getState().attachDoc(new Y.Doc());
  }
  const link = { online: true, held: [] as Array<[Store, Uint8Array]> };
  const relay = (from: Store, to: Store) => from.getState().graphDoc().on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === REMOTE) return;
    if (link.online) Y.applyUpdate(to.getState().graphDoc(), update, REMOTE);
    else link.held.push([to, update]);
  });
  relay(a, b);
  relay(b, a);
  const reconnect = () => {
    link.online = true;
    for (const [to, update] of link.held.splice(0)) Y.applyUpdate(to.getState().graphDoc(), update, REMOTE);
  };
  return { a: a.getState, b: b.getState, link, reconnect };
}

const graphOf = (state: ReturnType<Store["getState"]>) => toDocument(state.nodes, state.edges);
const params = (state: ReturnType<Store["getState"]>, id: string) => {
  const node = state.nodes.find((n) => n.id === id);
  return node && isStudioNode(node) ? node.data.params : undefined;
};

let editors: ReturnType<typeof pair>;
beforeEach(() => { editors = pair(); });
afterEach(() => vi.useRealTimers());

describe("two editors on one workflow", () => {
  it("see each other's nodes, connections, parameters and moves", () => {
    const { a, b } = editors;
    a().addNode("input.image", { x: 0, y: 0 });
    a().addNode("tool.blur", { x: 300, y: 0 });
    expect(a().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" }))
      .toBeNull();
    expect(b().nodes.map((n) => n.id)).toEqual(["image-1", "blur-1"]);
    expect(b().edges).toMatchObject([{ source: "image-1", target: "blur-1", data: { portType: "image" } }]);
    b().updateParams("blur-1", { radius: 7 });
    b().onNodesChange([{ type: "position", id: "image-1", position: { x: 50, y: 60 }, dragging: false }]);
    expect(params(a(), "blur-1")).toMatchObject({ radius: 7 });
    expect(a().nodes[0].position).toEqual({ x: 50, y: 60 });
    expect(graphOf(a())).toEqual(graphOf(b()));
  });

  it("keep both people's changes to two parameters of one node", () => {
    const { a, b, link, reconnect } = editors;
    a().addNode("tool.blur", { x: 0, y: 0 });
    link.online = false;
    a().updateParams("blur-1", { radius: 9 });
    b().updateParams("blur-1", { kind: "box" });
    reconnect();
    for (const state of [a(), b()]) expect(params(state, "blur-1")).toMatchObject({ radius: 9, kind: "box" });
  });

  it("undo takes back only this editor's change, never the other's", () => {
    const { a, b } = editors;
    a().addNode("tool.blur", { x: 0, y: 0 });
    b().updateParams("blur-1", { radius: 5 });
    a().updateParams("blur-1", { kind: "box" });
    expect(b().canUndo).toBe(true);
    a().undo();
    for (const state of [a(), b()]) expect(params(state, "blur-1")).toMatchObject({ radius: 5, kind: "gaussian" });
    a().undo();  // the node A added goes, with it B's edit of it
    expect(b().nodes).toHaveLength(0);
    expect(a().canUndo).toBe(false);
    a().redo();
    expect(b().nodes.map((n) => n.id)).toEqual(["blur-1"]);
  });

  it("merge what each did while apart, and end with the same graph", () => {
    const { a, b, link, reconnect } = editors;
    a().addNode("input.image", { x: 0, y: 0 });
    a().addNode("tool.invert", { x: 300, y: 0 });
    link.online = false;
    b().connectPorts({ source: "image-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    b().addNode("output.save", { x: 600, y: 0 });
    a().deleteNodes(["image-1"]);
    a().addNode("tool.blur", { x: 0, y: 300 });
    reconnect();
    const sorted = (state: ReturnType<Store["getState"]>) => {
      const graph = graphOf(state);
      return { ...graph, nodes: graph.nodes.sort((x, y) => x.id.localeCompare(y.id)) };
    };
    expect(sorted(a())).toEqual(sorted(b()));
    expect(a().nodes.map((n) => n.id).sort()).toEqual(["blur-1", "invert-1", "save-1"]);
    // B's connection from the node A deleted meanwhile is gone on both, not left dangling
    for (const state of [a(), b()]) expect(state.edges).toEqual([]);
    expect(roots(a().graphDoc()).edges.size).toBe(0);
  });

  it("rebuild only the nodes a change touched: the others keep their identity", () => {
    const { a, b } = editors;
    for (let i = 0; i < 50; i += 1) a().addNode("tool.blur", { x: i * 10, y: 0 });
    const before = b().nodes;
    a().updateParams("blur-7", { radius: 3 });
    const after = b().nodes;
    expect(after).not.toBe(before);
    expect(after.filter((node, i) => node !== before[i]).map((n) => n.id)).toEqual(["blur-7"]);
  });

  it("keep what only this screen knows: selection, and a drag under way", () => {
    vi.useFakeTimers();
    const { a, b } = editors;
    a().addNode("tool.blur", { x: 0, y: 0 });
    b().onNodesChange([{ type: "select", id: "blur-1", selected: true }]);
    a().onNodesChange([{ type: "position", id: "blur-1", position: { x: 100, y: 0 }, dragging: true }]);
    vi.advanceTimersByTime(60);
    expect(b().nodes[0]).toMatchObject({ position: { x: 100, y: 0 }, selected: true });  // seen moving
    b().updateParams("blur-1", { radius: 2 });  // a collaborator's edit mid-drag does not snap the node back
    expect(a().nodes[0].position).toEqual({ x: 100, y: 0 });
    a().onNodesChange([{ type: "position", id: "blur-1", position: { x: 120, y: 5 }, dragging: false }]);
    expect(b().nodes[0].position).toEqual({ x: 120, y: 5 });
    expect(a().nodes[0].selected).toBe(true);  // a's own selection (the node it added), not b's
  });

  it("restore a whole graph as one undoable change that the other sees", () => {
    const { a, b } = editors;
    a().addNode("tool.blur", { x: 0, y: 0 });
    const saved = graphOf(a());
    a().addNode("tool.invert", { x: 300, y: 0 });
    b().replaceGraph(saved);
    expect(a().nodes.map((n) => n.id)).toEqual(["blur-1"]);
    b().undo();
    expect(a().nodes.map((n) => n.id)).toEqual(["blur-1", "invert-1"]);
  });

  it("write nothing from a viewer, nor before the live document has synced", () => {
    const { a, b } = editors;
    b().setWorkflowMeta({ id: "w", title: "Fox", version: 1, access: "viewer" });
    expect(b().addNode("tool.blur", { x: 0, y: 0 })).toBeNull();
    b().setWorkflowMeta({ id: "w", title: "Fox", version: 1, access: "editor" });
    b().setCollab("connecting");
    expect(b().addNode("tool.blur", { x: 0, y: 0 })).toBeNull();
    b().replaceGraph({ schema_version: 1, nodes: [{ id: "x-1", type: "tool.blur", params: {} }], edges: [] });
    expect(a().nodes).toHaveLength(0);
  });
});
