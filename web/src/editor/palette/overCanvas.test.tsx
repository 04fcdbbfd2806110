// On a narrow screen (a phone) the palette starts closed, opens over the canvas from its Nodes button, and closes
// with its ✕, Escape (after emptying its search), or once a node is added; beside a wide screen's canvas it stays.
import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlowProvider } from "@xyflow/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SPECS } from "../../test/specs";
import { closeTopmost } from "../shortcuts";
import { resetEditor, useEditor } from "../store/editorStore";
import { Palette } from "./Palette";

const store = () => useEditor.getState();

/** The screen is `width` px wide, as `window.matchMedia` answers for Tailwind's breakpoints. */
function screenWidth(width: number) {
  vi.spyOn(window, "matchMedia").mockImplementation((query: string) => {
    const min = Number(/min-width:\s*(\d+)px/.exec(query)?.[1] ?? 0);
    return { matches: width >= min, media: query, onchange: null, addEventListener() {}, removeEventListener() {},
      addListener() {}, removeListener() {}, dispatchEvent: () => false } as MediaQueryList;
  });
}

const openPalette = () => render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
const opener = () => screen.getByTestId("open-palette");
const palette = () => screen.getByTestId("palette");

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

afterEach(() => vi.restoreAllMocks());

describe("the palette on a phone", () => {
  beforeEach(() => screenWidth(375));

  it("starts closed, and opens from its button with the focus on its close button", async () => {
    openPalette();
    expect(palette()).toHaveClass("hidden");
    expect(opener()).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(opener());
    expect(palette()).toHaveClass("flex");
    expect(opener()).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByTestId("close-palette")).toHaveFocus();
  });

  it("closes once a node is added, with the focus back on its button", async () => {
    openPalette();
    await userEvent.click(opener());
    await userEvent.click(screen.getAllByTestId("palette-item")[0]);
    expect(store().nodes).toHaveLength(1);
    expect(store().paletteOpen).toBe(false);
    expect(palette()).toHaveClass("hidden");
    expect(opener()).toHaveFocus();
  });

  it("closes with its ✕, and with Escape once its search is empty", async () => {
    openPalette();
    await userEvent.click(opener());
    await userEvent.click(screen.getByTestId("close-palette"));
    expect(store().paletteOpen).toBe(false);

    await userEvent.click(opener());
    const search = screen.getByLabelText("Search nodes");
    await userEvent.type(search, "blur");
    fireEvent.keyDown(search, { key: "Escape" });
    expect(search).toHaveValue("");
    expect(store().paletteOpen).toBe(true);
    fireEvent.keyDown(search, { key: "Escape" });
    expect(store().paletteOpen).toBe(false);
  });

  it("is what the editor's Escape closes first, over the panels", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().openSettings("blur-1");
    store().togglePalette(true);
    closeTopmost();
    expect(store().paletteOpen).toBe(false);
    expect(store().settingsNodeId).toBe("blur-1");
  });
});

describe("the palette on a wide screen", () => {
  beforeEach(() => screenWidth(1280));

  it("shows beside the canvas whatever happens, and leaves Escape to the editor", async () => {
    openPalette();
    expect(palette()).toHaveClass("md:flex");
    expect(opener()).toHaveClass("md:hidden");
    store().addNode("tool.blur", { x: 0, y: 0 });
    act(() => store().openSettings("blur-1"));
    act(() => store().togglePalette(true));  // opened on a phone, then the window grew
    closeTopmost();
    expect(store().settingsNodeId).toBeNull();  // the settings close, not a palette that shows anyway
    await userEvent.click(screen.getAllByTestId("palette-item")[0]);
    expect(store().nodes).toHaveLength(2);
  });
});
