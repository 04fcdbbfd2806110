import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { roots } from "../collab/ydoc";
import { SPECS } from "../../test/specs";
import { toDocument } from "../graph/document";
import type { DocEdge, DocNode, Plan } from "../../api/types";
import { isStudioNode } from "../types";
import { resetEditor, useEditor } from "./editorStore";

const store = () => useEditor.getState();
const types = () => store().nodes.filter(isStudioNode).map((n) => n.data.nodeType);
const paramsOf = (id: string) => store().nodes.filter(isStudioNode).find((n) => n.id === id)?.data.params;

const plan = (patch: Partial<Plan>): Plan => ({ status: "ready", planner: "offline", summary: "", credits: 0, ...patch });
const doc = (id: string, type: string, x: number, params: Record<string, unknown> = {}): DocNode =>
  ({ id, type, params, position: { x, y: 0 } });
const edge = (source: string, target: string): DocEdge =>
  ({ id: `e-${source}-image-${target}-image`, source, sourceHandle: "image", target, targetHandle: "image" });

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("editing the graph", () => {
  it("adds a node with its schema defaults, and undo/redo take it away and back", () => {
    const id = store().addNode("tool.blur", { x: 10, y: 20 });
    expect(id).toBe("blur-1");
    expect(store().nodes[0]).toMatchObject({ position: { x: 10, y: 20 }, data: { params: { kind: "gaussian" } } });
    store().undo();
    expect(store().nodes).toHaveLength(0);
    store().redo();
    expect(types()).toEqual(["tool.blur"]);
  });

  it("refuses a connection of the wrong type with a hint, and accepts a fitting one", () => {
    store().addNode("input.prompt", { x: 0, y: 0 });
    store().addNode("tool.blur", { x: 300, y: 0 });
    expect(store().connectPorts({ source: "prompt-1", sourceHandle: "text", target: "blur-1", targetHandle: "image" }))
      .toBe("Prompt's text output can't feed Blur's image input: connect it to a text input");
    expect(store().edges).toHaveLength(0);
    store().addNode("input.image", { x: 0, y: 200 });
    expect(store().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" }))
      .toBeNull();
    expect(store().edges).toMatchObject([{ source: "image-1", target: "blur-1", data: { portType: "image" } }]);
  });

  it("replaces the edge into a single-value input instead of adding a second", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("input.image", { x: 0, y: 200 });
    store().addNode("tool.invert", { x: 300, y: 0 });
    for (const source of ["image-1", "image-2"]) {
      store().connectPorts({ source, sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    }
    expect(store().edges.map((e) => e.source)).toEqual(["image-2"]);
  });

  it("coalesces quick edits of one field into a single undo step", () => {
    store().addNode("input.prompt", { x: 0, y: 0 });
    for (const text of ["a", "a c", "a ca", "a cat"]) store().updateParams("prompt-1", { text });
    store().undo();
    expect(store().nodes[0].data).toMatchObject({ params: { text: "" } });
  });

  it("undoes one brush stroke at a time, however quickly they were painted", () => {
    store().addNode("tool.inpaint", { x: 0, y: 0 });  // any node: strokes are a list parameter
    const stroke = (x: number) => ({ points: [[x, 0], [x, 10]], size: 8, color: "#ff0000" });
    for (const count of [1, 2, 3]) {
      store().updateParams("inpaint-1", { strokes: [1, 2, 3].slice(0, count).map(stroke) });
    }
    store().undo();
    expect(store().nodes[0].data).toMatchObject({ params: { strokes: [stroke(1), stroke(2)] } });
  });

  it("duplicates nodes with the edges between them, under new ids", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("tool.invert", { x: 300, y: 0 });
    store().connectPorts({ source: "image-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    store().duplicateNodes(["image-1", "invert-1"]);
    expect(store().nodes.map((n) => n.id)).toEqual(["image-1", "invert-1", "image-2", "invert-2"]);
    expect(store().edges.map((e) => `${e.source}->${e.target}`)).toEqual(["image-1->invert-1", "image-2->invert-2"]);
    expect(store().nodes[2].position).toEqual({ x: 40, y: 40 });
  });

  it("copies the selection and pastes it where asked", () => {
    store().addNode("tool.blur", { x: 100, y: 100 });
    store().copySelection();
    store().paste({ x: 500, y: 500 });
    expect(store().nodes.map((n) => [n.id, n.position])).toEqual([["blur-1", { x: 100, y: 100 }],
      ["blur-2", { x: 500, y: 500 }]]);
  });

  it("deletes nodes together with their edges", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("tool.invert", { x: 300, y: 0 });
    store().connectPorts({ source: "image-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    store().deleteNodes(["image-1"]);
    expect(types()).toEqual(["tool.invert"]);
    expect(store().edges).toHaveLength(0);
  });

  it("groups selected nodes into a frame and ungroups them back to the same place", () => {
    store().addNode("tool.blur", { x: 100, y: 100 });
    store().addNode("tool.invert", { x: 400, y: 100 });
    useEditor.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: true })) });
    store().groupSelection();
    const [frame, ...children] = store().nodes;
    expect(frame.type).toBe("frame");
    expect(children.every((c) => c.parentId === frame.id)).toBe(true);
    expect(toDocument(store().nodes, store().edges).groups).toHaveLength(1);
    store().ungroupFrame(frame.id);
    expect(store().nodes.map((n) => n.position)).toEqual([{ x: 100, y: 100 }, { x: 400, y: 100 }]);
  });

  it("applies a plan (nodes and edges added) as one undoable step and selects what it added", () => {
    store().addNode("input.prompt", { x: 0, y: 0 });
    store().applyPlan(plan({
      add_nodes: [doc("image-1", "input.image", 400), doc("blur-1", "tool.blur", 700, { radius: 12 }),
        doc("save-1", "output.save", 1000)],
      add_edges: [edge("image-1", "blur-1"), edge("blur-1", "save-1")],
    }));
    expect(types()).toEqual(["input.prompt", "input.image", "tool.blur", "output.save"]);
    expect(store().edges.map((e) => e.id)).toEqual(["e-image-1-image-blur-1-image", "e-blur-1-image-save-1-image"]);
    // the planner's values over the type's defaults: what a node dragged from the palette would have
    expect(paramsOf("blur-1")).toEqual({ kind: "gaussian", radius: 12, angle: 0 });
    expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["image-1", "blur-1", "save-1"]);
    store().undo();
    expect(types()).toEqual(["input.prompt"]);
    expect(store().edges).toHaveLength(0);
  });

  it("inserts a step into a chain: the replaced edge goes, a parameter changes, and one undo takes it all back", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("output.save", { x: 600, y: 0 });
    store().connectPorts({ source: "image-1", sourceHandle: "image", target: "save-1", targetHandle: "image" });
    const before = toDocument(store().nodes, store().edges);
    store().applyPlan(plan({
      add_nodes: [doc("blur-1", "tool.blur", 300)],
      add_edges: [edge("image-1", "blur-1"), edge("blur-1", "save-1")],
      remove_edges: ["e-image-1-image-save-1-image"],
      change_nodes: [{ id: "save-1", params: { format: "jpg" } }],
    }));
    expect(store().edges.map((e) => e.id)).toEqual(["e-image-1-image-blur-1-image", "e-blur-1-image-save-1-image"]);
    expect(paramsOf("save-1")).toMatchObject({ format: "jpg", quality: 90 });
    store().undo();
    expect(toDocument(store().nodes, store().edges)).toEqual(before);
  });

  it("gives an added node the next free id when the graph took the planned one meanwhile, and keeps its edges", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });  // blur-1, added after the plan was made
    store().addNode("input.image", { x: -300, y: 0 });
    store().applyPlan(plan({
      add_nodes: [doc("blur-1", "tool.blur", 300, { radius: 2 })],
      add_edges: [edge("image-1", "blur-1"), edge("blur-1", "gone-1")],  // gone-1: deleted meanwhile
      change_nodes: [{ id: "gone-1", params: { radius: 1 } }],
    }));
    expect(store().nodes.map((n) => n.id)).toEqual(["blur-1", "image-1", "blur-2"]);
    expect(paramsOf("blur-2")).toMatchObject({ radius: 2 });
    expect(store().edges.map((e) => e.id)).toEqual(["e-image-1-image-blur-2-image"]);
  });

  it("round-trips through the saved document", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("tool.invert", { x: 300, y: 0 });
    store().connectPorts({ source: "image-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    const saved = toDocument(store().nodes, store().edges);
    resetEditor();
    store().loadDocument(saved);
    expect(toDocument(store().nodes, store().edges)).toEqual(saved);
    expect(store().canUndo).toBe(false);  // a loaded project has nothing of this user's to undo
  });
});

describe("bypass, collapse and rename", () => {
  it("bypasses, collapses and renames a node as undoable edits that are saved in the document", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().toggleBypass(["blur-1"]);
    store().toggleCollapsed(["blur-1"]);
    store().renameNode("blur-1", "  Soften the sky ");
    expect(toDocument(store().nodes, store().edges).nodes[0])
      .toMatchObject({ bypass: true, collapsed: true, title: "Soften the sky" });
    store().undo();
    expect(toDocument(store().nodes, store().edges).nodes[0].title).toBeUndefined();
    store().undo();
    store().undo();
    const plain = toDocument(store().nodes, store().edges).nodes[0];
    expect([plain.bypass, plain.collapsed]).toEqual([undefined, undefined]);
    store().redo();
    expect(store().nodes[0].data).toMatchObject({ bypass: true });
  });

  it("toggles a mixed selection on first, and an empty name goes back to the type's title", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().addNode("tool.invert", { x: 300, y: 0 });
    store().toggleBypass(["blur-1"]);
    store().toggleBypass(["blur-1", "invert-1"]);
    expect(store().nodes.map((n) => n.data)).toMatchObject([{ bypass: true }, { bypass: true }]);
    store().toggleBypass(["blur-1", "invert-1"]);
    expect(store().nodes.map((n) => "bypass" in n.data)).toEqual([false, false]);
    store().renameNode("blur-1", "Soft");
    store().renameNode("blur-1", " ");
    expect("title" in store().nodes[0].data).toBe(false);
  });
});

describe("adding a node from a dragged handle", () => {
  it("connects the new node's fitting input to the output it was dragged from, as one undo step", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    const id = store().addConnectedNode("tool.blur", { x: 400, y: 0 },
      { nodeId: "image-1", handleId: "image", handleType: "source" });
    expect(id).toBe("blur-1");
    expect(store().edges).toMatchObject([{ source: "image-1", sourceHandle: "image", target: "blur-1",
      targetHandle: "image" }]);
    store().undo();
    expect(types()).toEqual(["input.image"]);
    expect(store().edges).toHaveLength(0);
  });

  it("feeds an input it was dragged from, and adds nothing for a type without a fitting port", () => {
    store().addNode("tool.blur", { x: 400, y: 0 });
    store().addConnectedNode("input.image", { x: 0, y: 0 }, { nodeId: "blur-1", handleId: "image",
      handleType: "target" });
    expect(store().edges).toMatchObject([{ source: "image-1", target: "blur-1", targetHandle: "image" }]);
    expect(store().addConnectedNode("input.prompt", { x: 0, y: 0 }, { nodeId: "blur-1", handleId: "image",
      handleType: "target" })).toBeNull();
    expect(types()).toEqual(["tool.blur", "input.image"]);
  });
});

describe("a collaborator's edit", () => {
  const refused = (nodeId: string) => {
    const needs = "Blur's radius is too large";
    store().beginRun([nodeId]);
    store().runRejected(needs, [{ node_id: nodeId, code: "invalid_param", message: needs }], `Can't run yet: ${needs}`);
    expect(store().nodeRuns[nodeId]).toMatchObject({ status: "blocked" });
  };
  const remotely = (edit: (node: Y.Map<unknown>) => void) => {
    const doc = store().graphDoc();
    doc.transact(() => edit(roots(doc).nodes.get("blur-1") as Y.Map<unknown>), "remote");
  };

  it("answers the run problems of the node it changed, as this user's own edit does", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    refused("blur-1");
    remotely((node) => (node.get("params") as Y.Map<unknown>).set("radius", 9));
    expect(store().nodeRuns["blur-1"]).toBeUndefined();
    expect(store().runPhase).toBe("idle");
  });

  it("leaves them when it only moved the node", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    refused("blur-1");
    remotely((node) => node.set("position", { x: 90, y: 40 }));
    expect(store().nodes[0].position).toEqual({ x: 90, y: 40 });
    expect(store().nodeRuns["blur-1"]).toMatchObject({ status: "blocked" });
  });
});

describe("connecting a node that could not run", () => {
  it("drops its \"needs a connection\" problem, whether the edge is drawn or comes with a new node", () => {
    store().addNode("tool.blur", { x: 400, y: 0 });
    store().addNode("input.image", { x: 0, y: 0 });
    const needs = "Connect an image to Blur's Image input";
    store().beginRun(["blur-1"]);
    store().runRejected(needs, [{ node_id: "blur-1", code: "missing_input", message: needs }],
      `Can't run yet: ${needs}`);
    expect(store().nodeRuns["blur-1"]).toMatchObject({ status: "blocked" });
    expect(store().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" }))
      .toBeNull();
    expect(store().nodeRuns["blur-1"]).toBeUndefined();
    expect(store().runPhase).toBe("idle");

    store().onEdgesChange([{ type: "remove", id: store().edges[0].id }]);
    store().beginRun(["blur-1"]);
    store().runRejected(needs, [{ node_id: "blur-1", code: "missing_input", message: needs }],
      `Can't run yet: ${needs}`);
    store().addConnectedNode("input.image", { x: 0, y: 200 }, { nodeId: "blur-1", handleId: "image",
      handleType: "target" });
    expect(store().nodeRuns["blur-1"]).toBeUndefined();
  });
});

describe("dragging a node", () => {
  afterEach(() => vi.useRealTimers());
  const yPosition = (id: string) => roots(store().graphDoc()).nodes.get(id)?.get("position");

  it("writes the position while the drag goes on and at its end, and undoes the whole drag as one step", () => {
    vi.useFakeTimers();
    store().addNode("tool.blur", { x: 0, y: 0 });
    const move = (x: number, dragging: boolean) =>
      store().onNodesChange([{ type: "position", id: "blur-1", position: { x, y: 0 }, dragging }]);
    move(10, true);
    expect(store().nodes[0].position).toEqual({ x: 10, y: 0 });  // on screen at once
    expect(yPosition("blur-1")).toEqual({ x: 0, y: 0 });  // others see it a moment later
    vi.advanceTimersByTime(60);
    expect(yPosition("blur-1")).toEqual({ x: 10, y: 0 });
    move(20, true);
    vi.advanceTimersByTime(2000);  // a pause longer than one undo step's window, mid-drag
    move(33.33, true);
    move(33.33, false);
    expect(yPosition("blur-1")).toEqual({ x: 33.3, y: 0 });
    expect(store().nodes[0].position).toEqual({ x: 33.3, y: 0 });
    store().undo();
    expect(store().nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(store().nodes).toHaveLength(1);  // the drag, not the node's addition
  });

  it("keeps selection and measured size on this screen only", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().onNodesChange([{ type: "dimensions", id: "blur-1", dimensions: { width: 200, height: 90 } }]);
    store().updateParams("blur-1", { radius: 4 });
    expect(store().nodes[0]).toMatchObject({ selected: true, measured: { width: 200, height: 90 } });
    const stored = roots(store().graphDoc()).nodes.get("blur-1")!.toJSON();
    expect(Object.keys(stored).sort()).toEqual(["params", "position", "type"]);
  });
});
