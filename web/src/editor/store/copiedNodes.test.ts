import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import { isStudioNode } from "../types";
import { COPIED_NODES_KEY, COPIED_NODES_VERSION } from "./copiedNodes";
import { resetEditor, useEditor } from "./editorStore";

const store = () => useEditor.getState();
const shown = () => store().nodes.filter(isStudioNode).map((n) => [n.id, n.data.nodeType, n.data.params]);
const links = () => store().edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`);

/** A project with a picture feeding a Blur of radius 12, both selected. */
function linkedPair(): void {
  store().addNodes([{ nodeType: "input.image", position: { x: 0, y: 0 } },
    { nodeType: "tool.blur", position: { x: 300, y: 0 }, params: { radius: 12 } }]);
  store().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" });
}

beforeEach(() => {
  localStorage.clear();
  resetEditor();
  store().setSpecs(SPECS);
});

describe("pasting nodes copied in another project", () => {
  it("pastes them, linked and with their settings, under new ids, as one undo step", () => {
    linkedPair();
    store().copySelection();
    resetEditor();  // another project opens: this page's own copy is gone
    store().addNode("input.image", { x: 0, y: 400 });  // its own image-1
    store().paste({ x: 100, y: 100 });
    expect(shown().slice(1)).toEqual([["image-2", "input.image", expect.anything()],
      ["blur-1", "tool.blur", expect.objectContaining({ radius: 12 })]]);
    expect(links()).toEqual(["image-2.image->blur-1.image"]);
    expect(store().edges[0].data).toEqual({ portType: "image" });
    expect(store().nodes.find((n) => n.id === "image-2")?.position).toEqual({ x: 100, y: 100 });
    store().undo();
    expect(shown().map(([id]) => id)).toEqual(["image-1"]);
    expect(store().edges).toEqual([]);
  });

  it("pastes again beside the first paste, as a copy in the same project does", () => {
    linkedPair();
    store().copySelection();
    resetEditor();
    store().paste();
    store().paste();
    expect(shown().map(([id]) => id)).toEqual(["image-1", "blur-1", "image-2", "blur-2"]);
    expect(links()).toEqual(["image-1.image->blur-1.image", "image-2.image->blur-2.image"]);
  });

  it("pastes the browser's last copy, as a system clipboard does: one made since in another tab wins", () => {
    store().addNode("tool.invert", { x: 0, y: 0 });
    store().copySelection();  // what another tab copies…
    const otherTab = localStorage.getItem(COPIED_NODES_KEY)!;
    resetEditor();
    linkedPair();
    store().copySelection();  // …after this page copied the pair
    localStorage.setItem(COPIED_NODES_KEY, otherTab);
    store().paste({ x: 0, y: 600 });
    expect(shown().map(([, type]) => type)).toEqual(["input.image", "tool.blur", "tool.invert"]);
  });

  it("pastes a frame with the nodes in it", () => {
    linkedPair();
    store().groupSelection();
    const frame = store().nodes.find((n) => n.type === "frame")!;
    store().onNodesChange([{ type: "select", id: frame.id, selected: true }]);
    store().copySelection();
    resetEditor();
    store().paste();
    const pasted = store().nodes;
    expect(pasted.map((n) => n.type)).toEqual(["frame", "studio", "studio"]);
    expect(pasted.slice(1).every((n) => n.parentId === pasted[0].id)).toBe(true);
    expect(links()).toEqual(["image-1.image->blur-1.image"]);
  });

  it("leaves out nodes of types this studio does not have, and says which", () => {
    localStorage.setItem(COPIED_NODES_KEY, JSON.stringify({ version: COPIED_NODES_VERSION,
      nodes: [{ id: "a", type: "input.image", params: {}, position: { x: 0, y: 0 } },
        { id: "b", type: "plugin.sparkle", params: {}, position: { x: 300, y: 0 } }],
      edges: [{ id: "e", source: "a", sourceHandle: "image", target: "b", targetHandle: "image" }] }));
    store().paste();
    expect(shown().map(([, type]) => type)).toEqual(["input.image"]);
    expect(store().edges).toEqual([]);
    expect(store().notice?.message).toBe("Left out 1 copied node: this studio has no node type “plugin.sparkle”. "
      + "Install it here and paste again, or paste into a studio that has it.");
  });

  it.each([
    ["not JSON", "{nodes"],
    ["another version", JSON.stringify({ version: 99, nodes: [{ id: "a", type: "input.image", params: {},
      position: { x: 0, y: 0 } }], edges: [] })],
    ["no list of nodes", JSON.stringify({ version: COPIED_NODES_VERSION, nodes: "input.image", edges: [] })],
    ["a node without a position", JSON.stringify({ version: COPIED_NODES_VERSION,
      nodes: [{ id: "a", type: "input.image", params: {} }], edges: [] })],
    ["an edge to a node not copied", JSON.stringify({ version: COPIED_NODES_VERSION,
      nodes: [{ id: "a", type: "input.image", params: {}, position: { x: 0, y: 0 } }],
      edges: [{ source: "a", sourceHandle: "image", target: "gone", targetHandle: "image" }] })],
  ])("ignores a stored copy that is %s: nothing is pasted, nothing thrown", (_what, stored) => {
    localStorage.setItem(COPIED_NODES_KEY, stored);
    expect(() => store().paste()).not.toThrow();
    expect(store().nodes).toEqual([]);
    expect(store().notice).toBeNull();
  });
});
