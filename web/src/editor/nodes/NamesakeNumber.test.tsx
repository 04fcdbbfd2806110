// Nodes that share a name show their number after the title, as the AI dock and connection labels name them
// ("Blur (1)", "Blur (2)": in the order added), so a person can tell which one "Blur (2)" is; a lone node shows none.

import { act, render, screen, within } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import { NodesCanvas } from "../../test/NodesCanvas";
import { resetEditor, useEditor } from "../store/editorStore";

const store = () => useEditor.getState();

function header(nodeType: string, index: number): { title: string; number: string | null } {
  const node = screen.getAllByTestId("studio-node").filter((n) => n.dataset.nodeType === nodeType)[index];
  return { title: within(node).getByTestId("node-title").textContent ?? "",
    number: within(node).queryByTestId("node-number")?.textContent ?? null };
}

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("a namesake's number in its header", () => {
  it("numbers nodes of one name as the dock does, and not a node alone of its name", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("tool.blur", { x: 300, y: 0 });
    store().addNode("tool.blur", { x: 600, y: 0 });
    render(<ReactFlowProvider><NodesCanvas /></ReactFlowProvider>);
    expect(header("tool.blur", 0)).toEqual({ title: "Blur", number: "(1)" });
    expect(header("tool.blur", 1)).toEqual({ title: "Blur", number: "(2)" });
    expect(header("input.image", 0).number).toBeNull();
  });

  it("drops the number once the other namesake is renamed, and counts renamed nodes under their new name", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().addNode("tool.blur", { x: 300, y: 0 });
    render(<ReactFlowProvider><NodesCanvas /></ReactFlowProvider>);
    act(() => store().renameNode("blur-1", "Soft"));
    expect(header("tool.blur", 0)).toEqual({ title: "Soft", number: null });
    expect(header("tool.blur", 1)).toEqual({ title: "Blur", number: null });
    act(() => store().renameNode("blur-2", "Soft"));
    expect(header("tool.blur", 1)).toEqual({ title: "Soft", number: "(2)" });
  });
});
