// A node of a type this studio does not know draws the ports its wires use (so the wires show, as the server counts
// them), named as the wires name them, coloured as the known end of each wire; it takes no new wire on them, and says
// it is of an unknown type and how to replace it or delete it.

import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS, specsByType } from "../../test/specs";
import { NodesCanvas as Canvas } from "../../test/NodesCanvas";
import { portColor } from "../graph/ports";
import { resetEditor, useEditor } from "../store/editorStore";
import { replaceWords, wiredPorts } from "./unknownPorts";

const store = () => useEditor.getState();
const at = { x: 0, y: 0 };

/** Image Upload → “tool.blurr” (misspelt) → Invert, and the blurr's output into Save's image too. */
function loadMisspelt() {
  store().loadDocument({ schema_version: 1, nodes: [
    { id: "photo", type: "input.image", params: {}, position: at },
    { id: "blurr", type: "tool.blurr", params: { radius: 4 }, position: at },
    { id: "invert", type: "tool.invert", params: {}, position: at },
    { id: "save", type: "output.save", params: {}, position: at },
  ], edges: [
    { id: "e1", source: "photo", sourceHandle: "image", target: "blurr", targetHandle: "image" },
    { id: "e2", source: "blurr", sourceHandle: "image", target: "invert", targetHandle: "image" },
    { id: "e3", source: "blurr", sourceHandle: "image", target: "save", targetHandle: "image" },
  ] });
}

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("wiredPorts", () => {
  it("names each port its wires use once, typed as the known node at the wire's other end", () => {
    loadMisspelt();
    expect(wiredPorts("blurr", store().edges, store().nodes, specsByType)).toEqual({
      inputs: [expect.objectContaining({ name: "image", type: "image", list: false })],
      outputs: [expect.objectContaining({ name: "image", type: "image", list: false })],
    });
  });

  it("leaves a port untyped when the other end is unknown too, and gives a node without wires no ports", () => {
    store().loadDocument({ schema_version: 1, nodes: [
      { id: "a", type: "tool.nope", params: {}, position: at },
      { id: "b", type: "tool.nada", params: {}, position: at },
      { id: "c", type: "tool.zilch", params: {}, position: at },
    ], edges: [{ id: "e", source: "a", sourceHandle: "result", target: "b", targetHandle: "source" }] });
    expect(wiredPorts("b", store().edges, store().nodes, specsByType).inputs)
      .toEqual([expect.objectContaining({ name: "source", type: null })]);
    expect(wiredPorts("c", store().edges, store().nodes, specsByType)).toEqual({ inputs: [], outputs: [] });
  });
});

describe("a node of an unknown type", () => {
  it("draws a handle for each wired port, taking no new wire, and says what it may have meant", async () => {
    loadMisspelt();
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = (await screen.findAllByTestId("studio-node")).find((n) => n.dataset.nodeType === "tool.blurr")!;
    const input = node.querySelector<HTMLElement>(".react-flow__handle.target[data-handleid='image']")!;
    const output = node.querySelector<HTMLElement>(".react-flow__handle.source[data-handleid='image']")!;
    for (const handle of [input, output]) {
      expect(handle).toHaveAttribute("data-port-type", "image");
      expect(handle).toHaveStyle({ background: portColor("image") });
      expect(handle).not.toHaveClass("connectable");
    }
    const note = within(node).getByTestId("node-unknown-type");
    expect(note).toHaveTextContent("Unknown node type");
    expect(note).toHaveTextContent("This studio has no “tool.blurr” node: did you mean Blur?");
    expect(note).not.toHaveTextContent("newer version");
    expect(within(node).getByTestId("node-replace-type")).toHaveTextContent("Replace with Blur");
    expect(within(node).queryByTestId("node-unknown-replace")).toBeNull();  // the button does what the words said
  });

  it("with wires and no known type close to its own, says how to replace it by hand", async () => {
    store().loadDocument({ schema_version: 1, nodes: [
      { id: "photo", type: "input.image", params: {}, position: at },
      { id: "tele", type: "model.teleporter", params: {}, position: at },
    ], edges: [{ id: "e", source: "photo", sourceHandle: "image", target: "tele", targetHandle: "image" }] });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = (await screen.findAllByTestId("studio-node")).find((n) => n.dataset.nodeType === "model.teleporter")!;
    expect(within(node).getByTestId("node-unknown-type")).toHaveTextContent("(the project may come from a newer "
      + "version). Delete it, or replace it with another node.");
    expect(within(node).getByTestId("node-unknown-replace")).toHaveTextContent("To replace it, add a node from the "
      + "palette, connect it where this node's wires go, then select this one and press Delete.");
    expect(within(node).queryByTestId("node-replace-type")).toBeNull();
  });

  it("is replaced in place by the type it may have meant, keeping what fits, and one undo brings it back", async () => {
    store().loadDocument({ schema_version: 1, nodes: [
      { id: "photo", type: "input.image", params: {}, position: at },
      { id: "blurr", type: "tool.blurr", title: "Soften", params: { radius: 5, sigma: 2 },
        position: { x: 300, y: 40 } },
      { id: "save", type: "output.save", params: {}, position: at },
    ], edges: [
      { id: "in", source: "photo", sourceHandle: "image", target: "blurr", targetHandle: "image" },
      { id: "out", source: "blurr", sourceHandle: "image", target: "save", targetHandle: "image" },
      { id: "odd", source: "blurr", sourceHandle: "preview", target: "save", targetHandle: "image" },
    ] });
    useEditor.setState({ nodeRuns: { blurr: { status: "blocked", errorCode: "unknown_type", error: "unknown" } } });
    const before = store().nodes.find((n) => n.id === "blurr");
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = (await screen.findAllByTestId("studio-node")).find((n) => n.dataset.nodeType === "tool.blurr")!;

    await userEvent.click(within(node).getByTestId("node-replace-type"));

    const after = store().nodes.find((n) => n.id === "blurr");
    expect(after).toMatchObject({ position: before!.position,
      data: { nodeType: "tool.blur", title: "Soften", params: { radius: 5, kind: "gaussian", angle: 0 } } });
    expect(after?.type === "studio" && "sigma" in after.data.params).toBe(false);
    expect(store().edges.map((e) => e.id).sort()).toEqual(["in", "out"]);
    expect(store().nodeRuns.blurr).toBeUndefined();
    expect(screen.queryByTestId("node-unknown-type")).toBeNull();

    act(() => store().undo());
    expect(store().nodes.find((n) => n.id === "blurr")).toMatchObject({ data: { nodeType: "tool.blurr",
      title: "Soften", params: { radius: 5, sigma: 2 } } });
    expect(store().edges.map((e) => e.id).sort()).toEqual(["in", "odd", "out"]);
    expect(store().canUndo).toBe(false);  // one step took it all back
  });

  it("offers no replacing in a project the user may only look at", async () => {
    loadMisspelt();
    store().setWorkflowMeta({ id: "w", title: "Shared", version: 1, access: "viewer" });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = (await screen.findAllByTestId("studio-node")).find((n) => n.dataset.nodeType === "tool.blurr")!;
    expect(within(node).getByTestId("node-unknown-type")).toHaveTextContent("did you mean Blur?");
    expect(within(node).queryByTestId("node-replace-type")).toBeNull();
  });

  it("takes a replace only once the project's live document is there, as the editor opens: none is lost", async () => {
    loadMisspelt();
    store().setCollab("connecting");
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = (await screen.findAllByTestId("studio-node")).find((n) => n.dataset.nodeType === "tool.blurr")!;
    expect(within(node).getByTestId("node-replace-type")).toBeDisabled();
    store().replaceNodeType("blurr", specsByType.get("tool.blur")!);  // asked of the store directly: refused too
    expect(store().nodes.find((n) => n.id === "blurr")?.data).toMatchObject({ nodeType: "tool.blurr" });
    act(() => store().setCollab("live"));
    await userEvent.click(within(node).getByTestId("node-replace-type"));
    expect(store().nodes.find((n) => n.id === "blurr")?.data).toMatchObject({ nodeType: "tool.blur" });
  });

  it("without wires, draws no ports and says only what it is", async () => {
    store().loadDocument({ schema_version: 1, nodes: [{ id: "n1", type: "model.teleporter", params: {},
      position: at }], edges: [] });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const node = await screen.findByTestId("studio-node");
    expect(node.querySelector(".react-flow__handle")).toBeNull();
    expect(within(node).getByTestId("node-unknown-type")).toHaveTextContent("replace it with another node.");
    expect(within(node).queryByTestId("node-unknown-replace")).toBeNull();
  });
});

describe("replaceWords", () => {
  it("names the node it may have meant, else any node from the palette", () => {
    expect(replaceWords("tool.blurr", specsByType)).toMatch(/^To replace it, add Blur from the palette/);
    expect(replaceWords("model.teleporter", specsByType)).toMatch(/^To replace it, add a node from the palette/);
  });
});
