// A new project's empty canvas says how to start; the hint goes with the first node, and someone who may only look
// at a project is not told to add anything.
import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../test/specs";
import { useComments } from "./comments/store";
import { EmptyCanvasHint } from "./EmptyCanvasHint";
import { resetEditor, useEditor } from "./store/editorStore";
import type { WorkflowMeta } from "./store/graphSlice";

const store = () => useEditor.getState();
const meta = (access: WorkflowMeta["access"]): WorkflowMeta => ({ id: "w".repeat(32), title: "New", version: 1, access });

beforeEach(() => {
  resetEditor();
  useComments.setState({ openId: null, draft: null });
  store().setSpecs(SPECS);
});

describe("the empty canvas hint", () => {
  it("says how to start in a new project, and goes with the first node", () => {
    store().setWorkflowMeta(meta("owner"));
    render(<EmptyCanvasHint empty />);
    const hint = screen.getByTestId("empty-canvas-hint");
    expect(hint).toHaveTextContent(
      "Drag a node from the list on the left, drop a picture, video or sound here, double-click for quick add, "
      + "or describe a workflow in the bar below.");
    // a phone, where the palette shows only when opened, is told where to open it
    expect(screen.getByText("Add a node from Nodes at the top left")).toHaveClass("md:hidden");
    act(() => { store().addNode("tool.blur", { x: 0, y: 0 }); });
    expect(screen.queryByTestId("empty-canvas-hint")).toBeNull();
  });

  it("steps aside while a comment is written or open on the empty canvas, which it would cover", () => {
    store().setWorkflowMeta(meta("owner"));
    render(<EmptyCanvasHint empty />);
    act(() => useComments.setState({ draft: { x: 10, y: 20 } }));
    expect(screen.queryByTestId("empty-canvas-hint")).toBeNull();
    act(() => useComments.setState({ draft: null }));
    expect(screen.getByTestId("empty-canvas-hint")).toBeVisible();
  });

  it("is not shown before the project is loaded, over a previewed plan, or to a viewer", () => {
    const { rerender } = render(<EmptyCanvasHint empty />);
    expect(screen.queryByTestId("empty-canvas-hint")).toBeNull();  // still loading
    act(() => store().setWorkflowMeta(meta("owner")));
    rerender(<EmptyCanvasHint empty={false} />);  // the AI dock's plan drawn over the canvas
    expect(screen.queryByTestId("empty-canvas-hint")).toBeNull();
    act(() => store().setWorkflowMeta(meta("viewer")));
    rerender(<EmptyCanvasHint empty />);
    expect(screen.queryByTestId("empty-canvas-hint")).toBeNull();
  });
});
