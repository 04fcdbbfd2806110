// Run refuses while a field holds text that is not valid (the node keeps its old value meanwhile, which a run would
// use unseen): the Run button and its notice name the node and the field and say what to do; the refusal ends as the
// text is fixed, put back with Escape, or goes away with its field or its node. So does an upscaler whose scale is
// too large for a picture whose size the editor knows, until a scale that fits is chosen or the node goes.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getAsset, knownAsset } from "../api/assets";
import { setImagePixelLimit } from "../api/nodes";
import type { Asset } from "../api/types";
import { SPECS, UPSCALE } from "../test/specs";
import { Toolbar } from "./panels/Toolbar";
import { NoticeToast } from "./panels/NoticeToast";
import { SettingsPanel } from "./panels/SettingsPanel";
import { requestRun, runRefusal } from "./runGate";
import { runGraph } from "./runner";
import { resetEditor, useEditor } from "./store/editorStore";

vi.mock("./runner", async (original) => ({ ...await original<typeof import("./runner")>(), runGraph: vi.fn() }));
vi.mock("../api/assets", async (original) => ({ ...await original<typeof import("../api/assets")>(),
  knownAsset: vi.fn() }));

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

describe("Run while an upscaler's scale is too large for its picture", () => {
  const PHOTO = "a".repeat(64);
  const TOO_LARGE = "Upscale can't run: at 4× this 8000 × 6000 picture would be 32000 × 24000, past this studio's "
    + "200-megapixel limit. Choose 2× on Upscale, or crop the picture first.";

  /** An upload of an 8000 × 6000 photo (its record come) wired into an Upscale at 4×, a Blur after it, in a studio
   * of 200 megapixels; the bar, the settings and the notices on screen. `known`: whether the photo's record has
   * come. */
  function upscaleAt4x(known = true): void {
    vi.mocked(knownAsset).mockImplementation((id) => (known && id === PHOTO
      ? { id: PHOTO, mime: "image/png", width: 8000, height: 6000 } as Asset : undefined));
    store().setSpecs([...SPECS, UPSCALE]);
    store().addNode("input.image", { x: 0, y: 0 }, { asset_id: PHOTO });
    store().addNode("tool.upscale", { x: 300, y: 0 }, { scale: 4 });
    store().addNode("tool.blur", { x: 600, y: 0 });
    store().connectPorts({ source: "image-1", sourceHandle: "image", target: "upscale-1", targetHandle: "image" });
    store().connectPorts({ source: "upscale-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" });
    render(<MemoryRouter><Toolbar /><SettingsPanel /><NoticeToast /></MemoryRouter>);
  }

  beforeEach(() => setImagePixelLimit(200_000_000));
  afterEach(() => setImagePixelLimit(null));

  it("refuses, naming the node, what it would make and the scale to choose, and goes to its Scale", async () => {
    upscaleAt4x();
    expect(run()).toHaveAttribute("aria-disabled", "true");
    expect(run()).toHaveAttribute("title", TOO_LARGE);
    await userEvent.click(run());
    expect(runGraph).not.toHaveBeenCalled();
    expect(screen.getByTestId("notice")).toHaveTextContent(TOO_LARGE);
    // not on the canvas here: its settings open, on its Scale
    await userEvent.click(screen.getByRole("button", { name: "Go to it" }));
    await waitFor(() => expect(within(screen.getByTestId("settings-panel")).getByLabelText("Scale")).toHaveFocus());
  });

  it("takes its notice away once a scale that fits is chosen, and runs", async () => {
    upscaleAt4x();
    await userEvent.click(run());
    act(() => store().updateParams("upscale-1", { scale: 3 }));  // 24000 × 18000: still too large
    expect(screen.getByTestId("notice")).toBeInTheDocument();
    expect(run()).toHaveAttribute("title", expect.stringContaining("at 3× this 8000 × 6000 picture"));
    act(() => store().updateParams("upscale-1", { scale: 2 }));
    expect(screen.queryByTestId("notice")).toBeNull();
    expect(run()).not.toHaveAttribute("aria-disabled");
    await userEvent.click(run());
    expect(runGraph).toHaveBeenCalledTimes(1);
  });

  it("takes its notice away once the node is deleted", async () => {
    upscaleAt4x();
    await userEvent.click(run());
    act(() => store().deleteNodes(["upscale-1"]));
    expect(screen.queryByTestId("notice")).toBeNull();
    expect(runRefusal(store())).toBeNull();
  });

  it("runs while the picture's size is not known: the server still refuses it then", async () => {
    upscaleAt4x(false);
    expect(run()).not.toHaveAttribute("aria-disabled");
    await userEvent.click(run());
    expect(runGraph).toHaveBeenCalledTimes(1);
  });

  it("says so on the Run button as soon as the picture's record comes, without waiting for an edit", async () => {
    upscaleAt4x(false);
    expect(run()).not.toHaveAttribute("aria-disabled");
    const photo = { id: PHOTO, mime: "image/png", width: 8000, height: 6000 } as Asset;
    vi.mocked(knownAsset).mockImplementation((id) => (id === PHOTO ? photo : undefined));
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(JSON.stringify(photo), { status: 200 }))));
    try {
      await act(() => getAsset(PHOTO));  // the record the upload's field asks for comes; nothing in the graph changes
    } finally {
      vi.unstubAllGlobals();
    }
    expect(run()).toHaveAttribute("title", TOO_LARGE);
  });

  it("refuses a run from a node only when that run needs the upscaler", () => {
    upscaleAt4x();
    requestRun("image-1");
    expect(runGraph).toHaveBeenCalledWith("image-1");
    requestRun("blur-1");
    expect(runGraph).toHaveBeenCalledTimes(1);
    expect(store().notice?.message).toBe(TOO_LARGE);
  });
});
