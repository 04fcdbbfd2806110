// Delete acts on what has the keyboard's focus: a connection or node reached with Tab goes itself, though another
// node is selected; the focus on one of the selection, or on nothing of the graph's, the selection goes.
import { describe, expect, it } from "vitest";
import type { Edge, Node } from "@xyflow/react";
import { deletionFor, focusedElement } from "./useDeleteKeys";

const node = (id: string, selected = false): Node => ({ id, position: { x: 0, y: 0 }, data: {}, selected });
const edge = (id: string, selected = false): Edge => ({ id, source: "a", target: "b", selected });
const ids = (deletion: { nodes: Node[]; edges: Edge[] }) =>
  ({ nodes: deletion.nodes.map((n) => n.id), edges: deletion.edges.map((e) => e.id) });

describe("what Delete deletes", () => {
  const nodes = [node("photo", true), node("invert"), node("save")];
  const edges = [edge("photo-invert"), edge("invert-save", false)];

  it("is the focused connection, not the node selected", () => {
    expect(ids(deletionFor({ kind: "edge", id: "photo-invert" }, nodes, edges)))
      .toEqual({ nodes: [], edges: ["photo-invert"] });
  });

  it("is the focused connection with nothing selected, without Enter first", () => {
    expect(ids(deletionFor({ kind: "edge", id: "invert-save" }, [node("a"), node("b")], edges)))
      .toEqual({ nodes: [], edges: ["invert-save"] });
  });

  it("is the focused node, not another one selected", () => {
    expect(ids(deletionFor({ kind: "node", id: "save" }, nodes, edges))).toEqual({ nodes: ["save"], edges: [] });
  });

  it("is the whole selection when the focus is on one of it, or on nothing of the graph's", () => {
    const several = [node("photo", true), node("invert", true), node("save")];
    const selectedEdge = [edge("photo-invert", true)];
    expect(ids(deletionFor({ kind: "node", id: "invert" }, several, selectedEdge)))
      .toEqual({ nodes: ["photo", "invert"], edges: ["photo-invert"] });
    expect(ids(deletionFor(null, several, selectedEdge))).toEqual({ nodes: ["photo", "invert"], edges: ["photo-invert"] });
    expect(ids(deletionFor({ kind: "edge", id: "gone" }, several, []))).toEqual({ nodes: ["photo", "invert"], edges: [] });
  });

  it("is nothing with nothing focused and nothing selected", () => {
    expect(ids(deletionFor(null, [node("a")], [edge("e")]))).toEqual({ nodes: [], edges: [] });
  });
});

describe("the graph's element the focus is on", () => {
  it("is the connection or the node holding it, on the canvas only", () => {
    document.body.innerHTML = `<div data-testid="canvas">
      <svg><g class="react-flow__edge" data-id="e1" tabindex="0" id="edge"></g></svg>
      <div class="react-flow__node" data-id="n1" tabindex="0" id="node"><button id="inside"></button></div>
      <button id="pane"></button></div>
      <div class="react-flow__node" data-id="elsewhere"><button id="outside"></button></div>`;
    const at = (id: string) => focusedElement(document.getElementById(id));
    expect(at("edge")).toEqual({ kind: "edge", id: "e1" });
    expect(at("node")).toEqual({ kind: "node", id: "n1" });
    expect(at("inside")).toEqual({ kind: "node", id: "n1" });
    expect(at("pane")).toBeNull();
    expect(at("outside")).toBeNull();
    expect(focusedElement(null)).toBeNull();
  });
});
