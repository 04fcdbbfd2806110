// A project the user may only look at (shared as viewer, or public): the store refuses every change whatever asks
// for it, the canvas lets nodes be selected but not moved, and the forms show their values without taking input.
// The owner's project edits as before.
import { act, render, screen, within } from "@testing-library/react";
import { ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../test/specs";
import { nodeTypes } from "./nodes/nodeTypes";
import { VIEW_ONLY_TEXT, resetEditor, useEditor } from "./store/editorStore";
import { sharedWorkflowId, type WorkflowMeta } from "./store/graphSlice";

const store = () => useEditor.getState();
const meta = (access: WorkflowMeta["access"]): WorkflowMeta => ({ id: "w".repeat(32), title: "Fox", version: 1, access });

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().setProviders(null);
  store().addNode("input.prompt", { x: 0, y: 0 });
  store().addNode("tool.blur", { x: 300, y: 0 });
});

describe("a view-only project", () => {
  it.each(["viewer", "public"] as const)("takes no change when opened as %s", (access) => {
    store().setWorkflowMeta(meta(access));
    const before = { nodes: store().nodes, edges: store().edges, revision: store().revision };
    expect(store().addNode("tool.blur", { x: 0, y: 0 })).toBeNull();
    expect(store().addNodes([{ nodeType: "tool.blur", position: { x: 0, y: 0 } }])).toEqual([]);
    store().replaceNodeType("blur-1", SPECS.find((spec) => spec.type === "tool.invert")!);
    store().updateParams("blur-1", { radius: 9 });
    store().deleteNodes(["prompt-1"]);
    store().toggleBypass(["blur-1"]);
    store().renameNode("blur-1", "Soften");
    store().renameWorkflow("Mine now");
    store().duplicateNodes(["blur-1"]);
    store().onNodesChange([{ type: "position", id: "blur-1", position: { x: 999, y: 999 }, dragging: false },
      { type: "remove", id: "blur-1" }]);
    expect(store().connectPorts({ source: "prompt-1", sourceHandle: "text", target: "blur-1", targetHandle: "image" }))
      .toBe(VIEW_ONLY_TEXT);
    expect(store().nodes).toBe(before.nodes);
    expect(store().edges).toBe(before.edges);
    expect(store().revision).toBe(before.revision);
    expect(store().workflow?.title).toBe("Fox");
  });

  it("still lets a node be selected, to look at its settings", () => {
    store().setWorkflowMeta(meta("viewer"));
    store().onNodesChange([{ type: "select", id: "prompt-1", selected: true }]);
    expect(store().nodes.find((n) => n.id === "prompt-1")?.selected).toBe(true);
  });

  it("is the owner's to change when it is theirs (or shared as editor)", () => {
    store().setWorkflowMeta(meta("editor"));
    store().updateParams("blur-1", { radius: 9 });
    expect(store().nodes.find((n) => n.id === "blur-1")?.data).toMatchObject({ params: { radius: 9 } });
    store().setWorkflowMeta(meta("owner"));
    expect(store().addNode("tool.blur", { x: 0, y: 0 })).toBe("blur-2");
  });

  it("shows its nodes' fields read-only", async () => {
    store().setWorkflowMeta(meta("viewer"));
    function Canvas() {
      const nodes = useEditor((s) => s.nodes);
      return <div style={{ width: 800, height: 600 }}><ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} /></div>;
    }
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const blur = (await screen.findAllByTestId("studio-node")).find((n) => n.dataset.nodeType === "tool.blur")!;
    expect(within(blur).getByTestId("param-form")).toBeDisabled();
    expect(within(blur).getByLabelText("Kind")).toBeDisabled();
    act(() => store().setWorkflowMeta(meta("owner")));
    expect(within(blur).getByLabelText("Kind")).toBeEnabled();
  });

  it("names itself on asset requests only when it is someone else's", () => {
    expect(sharedWorkflowId(meta("public"))).toBe("w".repeat(32));
    expect(sharedWorkflowId(meta("viewer"))).toBe("w".repeat(32));
    expect(sharedWorkflowId(meta("owner"))).toBeUndefined();
    expect(sharedWorkflowId({ id: "x", title: "", version: 1 })).toBeUndefined();
  });
});
