// A node that can't run only because a node it needs can't says which, by the name the canvas shows ("Blur (2)"), and
// for a node of an unknown type what to do, never the command line's words; an upload node opened from a workflow
// file that named its picture by path says which picture to drop, before a run and after one.

import { render, screen, within } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../../api/types";
import { SPECS } from "../../test/specs";
import { NodesCanvas as Canvas } from "../../test/NodesCanvas";
import { resetEditor, useEditor } from "../store/editorStore";
import { waitingWords } from "./runNoteWords";

const store = () => useEditor.getState();
const at = (x: number) => ({ x, y: 0 });
const CLI_WORDS = "needs Blurr (tool.blurr), which can't run yet: unknown node type 'tool.blurr' (did you mean "
  + "tool.blur?); `karate nodes` lists the available types";

function load(document: Omit<WorkflowDocument, "schema_version">) {
  store().loadDocument({ schema_version: 1, ...document } as WorkflowDocument);
}
const wire = (source: string, target: string) =>
  ({ id: `${source}-${target}`, source, sourceHandle: "image", target, targetHandle: "image" });
const nodeOf = async (id: string) => (await screen.findAllByTestId("studio-node"))
  .find((node) => node.closest(`[data-id="${id}"]`)) as HTMLElement;

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("a node waiting on a node that can't run", () => {
  it("names a node of an unknown type as the canvas does and says to replace or remove it", async () => {
    load({ nodes: [{ id: "blurr", type: "tool.blurr", params: {}, position: at(0) },
      { id: "save", type: "output.save", params: {}, position: at(400) }], edges: [wire("blurr", "save")] });
    useEditor.setState({ nodeRuns: {
      blurr: { status: "blocked", errorCode: "unknown_type", error: "unknown node type 'tool.blurr'" },
      save: { status: "blocked", errorCode: "upstream_invalid", error: CLI_WORDS } } });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const note = within(await nodeOf("save")).getByTestId("node-error");
    expect(note).toHaveTextContent(/^Waits for tool\.blurr: replace or remove tool\.blurr, whose type is unknown\.$/);
    expect(note).toHaveAttribute("data-tone", "muted");
    expect(note).not.toHaveTextContent(/karate nodes|did you mean|\(tool\.blurr\)/);
  });

  it("names the unknown node by the title the user gave it, and its type once", () => {
    load({ nodes: [{ id: "a", type: "tool.blurr", title: "Soften", params: {}, position: at(0) },
      { id: "b", type: "tool.invert", params: {}, position: at(300) },
      { id: "c", type: "output.save", params: {}, position: at(600) }], edges: [wire("a", "b"), wire("b", "c")] });
    useEditor.setState({ nodeRuns: { a: { status: "blocked", errorCode: "unknown_type", error: "unknown" },
      b: { status: "blocked", errorCode: "upstream_invalid", error: CLI_WORDS },
      c: { status: "blocked", errorCode: "upstream_invalid", error: CLI_WORDS } } });
    const said = "Waits for Soften: replace or remove Soften, whose type “tool.blurr” is unknown.";
    expect(waitingWords(store(), "b")).toBe(said);
    expect(waitingWords(store(), "c")).toBe(said);  // two wires up, the nearest node that can't run
  });

  it("numbers a namesake as the canvas does, with that node's own problem", () => {
    load({ nodes: [{ id: "blur-1", type: "tool.blur", params: {}, position: at(0) },
      { id: "blur-2", type: "tool.blur", params: {}, position: at(300) },
      { id: "save", type: "output.save", params: {}, position: at(600) }], edges: [wire("blur-2", "save")] });
    useEditor.setState({ nodeRuns: {
      "blur-2": { status: "blocked", errorCode: "missing_input", error: "Connect an image to Blur's Image input" },
      save: { status: "blocked", errorCode: "upstream_invalid", error: "needs Blur, which can't run yet: …" } } });
    expect(waitingWords(store(), "save")).toBe("Needs Blur (2), which can't run yet: Connect an image to Blur's "
      + "Image input");
  });

  it("keeps the server's words when the node it waits on is not on the canvas, and says nothing of other nodes", () => {
    load({ nodes: [{ id: "save", type: "output.save", params: {}, position: at(0) }], edges: [] });
    useEditor.setState({ nodeRuns: { save: { status: "blocked", errorCode: "upstream_invalid", error: CLI_WORDS } } });
    expect(waitingWords(store(), "save")).toBeNull();
    useEditor.setState({ nodeRuns: { save: { status: "failed", error: "boom" } } });
    expect(waitingWords(store(), "save")).toBeNull();
  });
});

describe("an upload node that names a file it does not hold", () => {
  const named = () => load({ nodes: [{ id: "photo", type: "input.image", params: { asset_id: "", filename: "photo.jpg" },
    position: at(0) }], edges: [] });

  it("says which picture to drop, before any run", async () => {
    named();
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const note = within(await nodeOf("photo")).getByTestId("node-error");
    expect(note).toHaveTextContent(/^This workflow uses “photo\.jpg”: drop that picture here\.$/);
    expect(note).toHaveAttribute("data-tone", "todo");
  });

  it("says it in red in place of the run's words once a run was refused over it", async () => {
    named();
    useEditor.setState({ nodeRuns: { photo: { status: "blocked", errorCode: "invalid_param",
      error: "Upload an image into Image Upload first" } } });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    const note = within(await nodeOf("photo")).getByTestId("node-error");
    expect(note).toHaveTextContent(/^This workflow uses “photo\.jpg”: drop that picture here\.$/);
    expect(note).toHaveAttribute("data-tone", "error");
  });

  it("says nothing once the picture is in it", async () => {
    load({ nodes: [{ id: "photo", type: "input.image", params: { asset_id: "a".repeat(64), filename: "photo.jpg" },
      position: at(0) }], edges: [] });
    render(<ReactFlowProvider><Canvas /></ReactFlowProvider>);
    expect(within(await nodeOf("photo")).queryByTestId("node-error")).toBeNull();
  });
});
