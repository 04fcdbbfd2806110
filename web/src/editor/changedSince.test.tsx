import { cleanup, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { DocEdge, DocNode, WorkflowDocument } from "../api/types";
import { spec, SPECS } from "../test/specs";
import { changedWhy, showsChanged } from "./changedSince";
import { runnableDocument } from "./graph/document";
import { SettingsPanel } from "./panels/SettingsPanel";
import { resetEditor, useEditor } from "./store/editorStore";
import { isStudioNode, type NodeRunState } from "./types";

// "Changed" on a result says the graph no longer makes it: it goes by what the run ran, so an edit undone (Ctrl+Z)
// back to exactly that graph takes the badge away, whatever the edit was (a setting, a wire, a bypass, a replace).

const store = () => useEditor.getState();

const node = (id: string, type: string, x: number, params: Record<string, unknown> = {}): DocNode =>
  ({ id, type, params, position: { x, y: 0 } });
const wire = (source: string, target: string): DocEdge =>
  ({ id: `e-${source}-${target}`, source, sourceHandle: "image", target, targetHandle: "image" });

/** photo → blur (radius 2) → invert, and a second picture beside them. */
const PICTURE: WorkflowDocument = {
  schema_version: 1,
  nodes: [node("photo", "input.image", 0, { asset_id: "a" }), node("other", "input.image", 0, { asset_id: "b" }),
    node("blur", "tool.blur", 300, { radius: 2 }), node("invert", "tool.invert", 600)],
  edges: [wire("photo", "blur"), wire("blur", "invert")],
};

/** The graph on screen run to the end: every node shows its result, made from the graph as it is now. */
function runToTheEnd(): void {
  const { nodes, edges } = store();
  const document = runnableDocument(nodes, edges);
  store().beginRun(document.nodes.map((n) => n.id));
  store().runStarted("run-1", document);
  const done: NodeRunState = { status: "completed", outputs: {}, fraction: 1 };
  useEditor.setState({ runPhase: "completed", nodeRuns: Object.fromEntries(document.nodes.map((n) => [n.id, done])) });
}

/** The nodes whose badge says "Changed". */
function changed(): string[] {
  const state = store();
  return state.nodes.filter(isStudioNode).filter((n) => showsChanged(state, n.id, n.data.nodeType))
    .map((n) => n.id).sort();
}

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().loadDocument(PICTURE);
  runToTheEnd();
});

describe("a result edited since its run, then the edit undone", () => {
  it("says Changed after a setting changes, and Done again once undo puts the setting back", () => {
    store().updateParams("blur", { radius: 5 });
    expect(changed()).toEqual(["blur", "invert"]);
    expect(changedWhy(store(), "invert", "tool.invert")).toBe("edited");  // a run remakes it
    store().undo();
    expect(store().nodes.find((n) => n.id === "blur")?.data).toMatchObject({ params: { radius: 2 } });
    expect(changed()).toEqual([]);
    store().redo();
    expect(changed()).toEqual(["blur", "invert"]);
  });

  it("is Done when a setting the run left at its default is set to that default (the same result, a cache hit)", () => {
    store().updateParams("blur", { kind: "gaussian" });  // PICTURE's blur ran with no kind: gaussian, its default
    expect(changed()).toEqual([]);
    store().updateParams("blur", { kind: "box" });
    expect(changed()).toEqual(["blur", "invert"]);
  });

  it("is Done again when the setting is typed back to what ran, without undo", () => {
    store().updateParams("blur", { radius: 5 });
    store().updateParams("blur", { radius: 2 });
    expect(changed()).toEqual([]);
  });

  it("says Changed after a wire is moved or taken out, and Done again once undo puts it back", () => {
    store().connectPorts({ source: "other", sourceHandle: "image", target: "blur", targetHandle: "image" });
    expect(store().edges.filter((e) => e.target === "blur").map((e) => e.source)).toEqual(["other"]);
    expect(changed()).toEqual(["blur", "invert"]);
    store().undo();
    expect(changed()).toEqual([]);

    store().onEdgesChange([{ type: "remove", id: "e-blur-invert" }]);
    expect(changed()).toEqual(["invert"]);
    store().undo();
    expect(store().edges).toHaveLength(2);
    expect(changed()).toEqual([]);
  });

  it("says Changed after a bypass, and Done again once undo turns it off", () => {
    store().toggleBypass(["blur"]);
    expect(changed()).toEqual(["blur", "invert"]);
    store().undo();
    expect(changed()).toEqual([]);
  });

  it("is Done again after several edits all undone, and a move between them changes nothing", () => {
    store().updateParams("blur", { radius: 5 });
    store().onNodesChange([{ type: "position", id: "blur", position: { x: 320, y: 40 }, dragging: false }]);
    store().toggleBypass(["invert"]);
    expect(changed()).toEqual(["blur", "invert"]);
    store().undo();  // the bypass
    store().undo();  // the move
    expect(changed()).toEqual(["blur", "invert"]);
    store().undo();  // the radius
    expect(changed()).toEqual([]);
  });
});

describe("a node of a misspelt type replaced (Replace with Blur)", () => {
  const MISSPELT: WorkflowDocument = {
    schema_version: 1,
    nodes: [node("photo", "input.image", 0, { asset_id: "a" }),
      node("blurr", "tool.blurr", 300, { radius: 5, sigma: 2 }), node("invert", "tool.invert", 600)],
    edges: [wire("photo", "blurr"), wire("blurr", "invert")],
  };

  beforeEach(() => {
    store().loadDocument(MISSPELT);
  });

  it("is Done again when the replace is undone back to the graph that ran", () => {
    runToTheEnd();
    store().replaceNodeType("blurr", spec("tool.blur"));
    expect(changed()).toEqual(["blurr", "invert"]);
    store().undo();
    expect(store().nodes.find((n) => n.id === "blurr")?.data).toMatchObject({ nodeType: "tool.blurr",
      params: { radius: 5, sigma: 2 } });
    expect(changed()).toEqual([]);
  });

  it("says Changed when the replace that ran is undone, and Done again when redo makes it a Blur again", () => {
    store().replaceNodeType("blurr", spec("tool.blur"));
    runToTheEnd();
    expect(changed()).toEqual([]);
    store().undo();
    expect(changed()).toEqual(["blurr", "invert"]);
    // not a change a run remakes: the node's type is one this studio does not know, and the Invert needs it
    expect(changedWhy(store(), "blurr", "tool.blurr")).toBe("unknown-type");
    expect(changedWhy(store(), "invert", "tool.invert")).toBe("unknown-above");
    expect(changedWhy(store(), "photo", "input.image")).toBeNull();
    // the Invert's settings say what its badge says: not "run again"
    store().setSpecs(SPECS);
    store().openSettings("invert");
    render(<SettingsPanel />);
    const badge = screen.getByTestId("node-status");
    expect(badge).toHaveAttribute("data-changed", "true");
    expect(badge.getAttribute("title")).toContain("a node it needs is of a type this studio doesn't know");
    cleanup();
    store().redo();
    expect(changed()).toEqual([]);
  });

  it("is Done again when a replace that dropped a wire is undone", () => {
    // into a port Blur does not have: the replace drops this wire, undo puts it back
    const odd = { ...MISSPELT, edges: [{ ...wire("photo", "blurr"), targetHandle: "picture" }, wire("blurr", "invert")] };
    store().loadDocument(odd);
    runToTheEnd();
    store().replaceNodeType("blurr", spec("tool.blur"));
    expect(store().edges.map((e) => e.id)).toEqual(["e-blurr-invert"]);
    store().undo();
    expect(store().edges).toHaveLength(2);
    expect(changed()).toEqual([]);
  });
});

describe("a bypassed node, wired around as the server keys it", () => {
  /** The nodes below `blur` whose badge says "Changed" (a bypassed node itself shows "Bypassed", not its run). */
  const below = () => changed().filter((id) => id !== "blur" && id !== "adjust");

  beforeEach(() => {
    store().toggleBypass(["blur"]);
    runToTheEnd();
  });

  it("changes nothing below it when its settings change: a run would take those results from the cache", () => {
    store().updateParams("blur", { radius: 9 });
    expect(below()).toEqual([]);
  });

  it("changes what is below it when what feeds it changes, or when its bypass is turned off", () => {
    store().connectPorts({ source: "other", sourceHandle: "image", target: "blur", targetHandle: "image" });
    expect(below()).toEqual(["invert"]);
    store().undo();
    expect(below()).toEqual([]);
    store().toggleBypass(["blur"]);
    expect(below()).toEqual(["invert"]);
  });

  it("is followed through a chain of bypassed nodes to the node that really runs", () => {
    store().loadDocument({ ...PICTURE, nodes: [...PICTURE.nodes, node("adjust", "tool.adjust", 450)],
      edges: [wire("photo", "blur"), wire("blur", "adjust"), wire("adjust", "invert")] });
    store().toggleBypass(["blur", "adjust"]);
    runToTheEnd();
    store().updateParams("blur", { radius: 9 });
    store().updateParams("adjust", { brightness: 0.5 });
    expect(below()).toEqual([]);
    store().connectPorts({ source: "other", sourceHandle: "image", target: "blur", targetHandle: "image" });
    expect(below()).toEqual(["invert"]);
  });
});
