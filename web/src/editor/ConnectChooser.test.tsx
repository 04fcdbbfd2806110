import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../test/specs";
import { ConnectChooser } from "./ConnectChooser";
import { openConnectChooser, useConnectChooser } from "./connectChooserState";
import { findShortcut } from "./shortcuts";
import { resetEditor, useEditor } from "./store/editorStore";

const store = () => useEditor.getState();
const links = () => store().edges.map((e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`);

/** The canvas's node elements, as xyflow draws them, for the chooser to find the node it is beside. */
function drawNodes(ids: string[]): void {
  document.body.innerHTML = `<div data-testid="canvas">${ids.map((id) =>
    `<div class="react-flow__node" data-id="${id}" tabindex="0"></div>`).join("")}</div>`;
}

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  useConnectChooser.setState({ nodeId: null });
  store().loadDocument({ schema_version: 1, nodes: [
    { id: "photo", type: "input.image", params: {}, position: { x: 0, y: 0 } },
    { id: "invert", type: "tool.invert", params: {}, position: { x: 300, y: 0 } },
    { id: "save", type: "output.save", params: {}, position: { x: 900, y: 0 } },
    { id: "blur", type: "tool.blur", params: {}, position: { x: 600, y: 0 } },
  ], edges: [{ id: "e1", source: "photo", sourceHandle: "image", target: "invert", targetHandle: "image" }] });
  drawNodes(["photo", "invert", "save", "blur"]);
});

describe("the L shortcut", () => {
  it("opens the chooser for the focused node, else the one selected node, else says what to do", () => {
    expect(findShortcut(new KeyboardEvent("keydown", { key: "l" }))?.label).toMatch(/^Connect/);
    document.querySelector<HTMLElement>("[data-id=invert]")!.focus();
    openConnectChooser();
    expect(useConnectChooser.getState().nodeId).toBe("invert");

    useConnectChooser.setState({ nodeId: null });
    (document.activeElement as HTMLElement).blur();
    useEditor.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: n.id === "blur" })) });
    openConnectChooser();
    expect(useConnectChooser.getState().nodeId).toBe("blur");

    useConnectChooser.setState({ nodeId: null });
    useEditor.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: false })) });
    openConnectChooser();
    expect(useConnectChooser.getState().nodeId).toBeNull();
    expect(store().notice?.message).toBe("Go to a node first (Tab, or click it), then press L to connect it to "
      + "another node");
  });

  it("says why nothing can be connected on a view-only project, rather than open", () => {
    store().setWorkflowMeta({ id: "w".repeat(32), title: "Fox", version: 1, access: "viewer" });
    document.querySelector<HTMLElement>("[data-id=invert]")!.focus();
    openConnectChooser();
    expect(useConnectChooser.getState().nodeId).toBeNull();
    expect(store().notice?.message).toMatch(/^Nothing was connected: this project is view only; make your own copy/);
  });
});

describe("the connection chooser", () => {
  const open = (nodeId: string) => {
    render(<ConnectChooser />, { container: document.body.appendChild(document.createElement("div")) });
    act(() => useConnectChooser.setState({ nodeId }));
    return screen.getByRole("dialog", { name: "Connect Invert" });
  };
  const options = () => screen.getAllByRole("option").map((o) => o.getAttribute("aria-label"));

  it("lists in words what the node's output can feed, and Enter connects the one chosen as one undo step", async () => {
    const chooser = open("invert");
    expect(within(chooser).getByRole("combobox")).toHaveFocus();
    expect(options()).toEqual(["Invert's image output to Blur's image input", "Invert's image output to Blur's mask "
      + "input", "Invert's image output to Save Image's image input"]);
    await userEvent.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    expect(links()).toEqual(["photo.image>invert.image", "invert.image>save.image"]);
    expect(useConnectChooser.getState().nodeId).toBeNull();
    expect(document.activeElement).toBe(document.querySelector("[data-id=invert]"));
    act(() => store().undo());
    expect(links()).toEqual(["photo.image>invert.image"]);
  });

  it("narrows the list to a node typed by name, and says so when none matches", async () => {
    open("invert");
    await userEvent.keyboard("save");
    expect(options()).toEqual(["Invert's image output to Save Image's image input"]);
    await userEvent.keyboard(" nothing");
    expect(screen.getByTestId("connect-none")).toHaveTextContent("No node named like “save nothing” takes what "
      + "Invert gives");
  });

  it("connects nothing on Escape, and gives the focus back to the node", async () => {
    open("invert");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(links()).toEqual(["photo.image>invert.image"]);
    expect(document.activeElement).toBe(document.querySelector("[data-id=invert]"));
  });
});
