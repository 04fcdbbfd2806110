// Run refuses while a field holds text that is not valid (the node keeps its old value meanwhile, which a run would
// use unseen): the Run button and its notice name the node and the field and say what to do; the refusal ends as the
// text is fixed, put back with Escape, or goes away with its field or its node.
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SPECS } from "../test/specs";
import { Toolbar } from "./panels/Toolbar";
import { NoticeToast } from "./panels/NoticeToast";
import { SettingsPanel } from "./panels/SettingsPanel";
import { requestRun, runRefusal } from "./runGate";
import { runGraph } from "./runner";
import { resetEditor, useEditor } from "./store/editorStore";

vi.mock("./runner", async (original) => ({ ...await original<typeof import("./runner")>(), runGraph: vi.fn() }));

const store = () => useEditor.getState();
const REFUSED = "Can't run yet: Save Image: Compression must be a whole number from 0 to 9: fix it or press Escape "
  + "to put back 1.";

/** The editor's bar, the settings of a Save Image node (its Compression: a whole number from 0 to 9, 1 by default)
 * and the notices; returns the Compression field. */
function openSaveSettings(): HTMLInputElement {
  const save = store().addNode("output.save", { x: 0, y: 0 })!;
  render(<MemoryRouter><Toolbar /><SettingsPanel /><NoticeToast /></MemoryRouter>);
  act(() => store().openSettings(save));
  return within(screen.getByTestId("settings-panel")).getByLabelText<HTMLInputElement>("Compression");
}

const type = (field: HTMLInputElement, text: string) => fireEvent.change(field, { target: { value: text } });
const run = () => screen.getByTestId("run");

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  vi.mocked(runGraph).mockClear();
});

describe("Run while a field holds text that is not valid", () => {
  it("refuses, naming the node and the field and what to do, on the button and when pressed", async () => {
    const field = openSaveSettings();
    type(field, "12");
    expect(field).toHaveValue("12");
    expect(run()).toHaveAttribute("aria-disabled", "true");
    expect(run()).toHaveAttribute("title", REFUSED);
    await userEvent.click(run());
    expect(runGraph).not.toHaveBeenCalled();
    expect(screen.getByTestId("notice")).toHaveTextContent(REFUSED);
  });

  it("takes its notice away once the text is fixed, rather than leave it contradicting the Run button", async () => {
    const field = openSaveSettings();
    type(field, "12");
    await userEvent.click(run());
    expect(screen.getByTestId("notice")).toHaveTextContent(REFUSED);
    type(field, "7");
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("runs again once the text is valid", async () => {
    const field = openSaveSettings();
    type(field, "abc");
    expect(run()).toHaveAttribute("title", expect.stringContaining('"abc" is not a number'));
    type(field, "7");
    expect(run()).not.toHaveAttribute("aria-disabled");
    expect(store().fieldDrafts).toEqual({});
    await userEvent.click(run());
    expect(runGraph).toHaveBeenCalledTimes(1);
  });

  it("runs again once Escape puts back the node's value, which closes nothing else", () => {
    const field = openSaveSettings();
    type(field, "-3");
    fireEvent.keyDown(field, { key: "Escape" });
    expect(field).toHaveValue("1");
    expect(screen.getByTestId("settings-panel")).toBeInTheDocument();
    expect(runRefusal(store())).toBeNull();
    expect(run()).not.toHaveAttribute("aria-disabled");
  });

  it("forgets the text when the settings close or the node is deleted", () => {
    const field = openSaveSettings();
    type(field, "12");
    act(() => store().openSettings(null));
    expect(runRefusal(store())).toBeNull();

    act(() => store().openSettings("save-1"));
    type(within(screen.getByTestId("settings-panel")).getByLabelText("Compression"), "12");
    expect(runRefusal(store())).toBe(REFUSED);
    act(() => store().deleteNodes(["save-1"]));
    expect(store().fieldDrafts).toEqual({});
    expect(run()).not.toHaveAttribute("aria-disabled");
  });

  it("forgets the text of a node taken away elsewhere, even before its field goes", () => {
    store().addNode("output.save", { x: 0, y: 0 });
    store().holdFieldDraft("settings-save-1-compression",
      { nodeId: "save-1", label: "Compression", problem: "Compression must be a whole number from 0 to 9", keeps: "1" });
    expect(runRefusal(store())).toBe(REFUSED);
    // another tab, or a collaborator, removed it: the document comes back without it
    store().replaceGraph({ schema_version: 1, nodes: [], edges: [] });
    expect(runRefusal(store())).toBeNull();
  });

  it("refuses a run from a node only when the field is on a node that run needs", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().addNode("tool.invert", { x: 300, y: 0 });
    store().addNode("tool.blur", { x: 300, y: 300 });
    store().connectPorts({ source: "image-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    store().holdFieldDraft("node-image-1-width",
      { nodeId: "image-1", label: "Width", problem: "Width must be a whole number from 1 to 4096", keeps: "" });
    requestRun("blur-1");
    expect(runGraph).toHaveBeenCalledWith("blur-1");
    requestRun("invert-1");
    expect(runGraph).toHaveBeenCalledTimes(1);
    expect(store().notice?.message).toBe(
      "Can't run yet: Image Upload: Width must be a whole number from 1 to 4096: fix it or press Escape to leave it empty.");
  });
});
