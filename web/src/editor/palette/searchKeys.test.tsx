// The palette's search by keyboard: Enter adds the best match as a click would, ArrowDown goes into the matches,
// ArrowUp and ArrowDown move through them, and ArrowUp from the first comes back to the search; Escape empties it
// before the editor's Escape closes anything.
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { Palette } from "./Palette";

const nodeTypes = () => useEditor.getState().nodes.map((n) => n.type === "studio" ? n.data.nodeType : n.type);
const search = () => screen.getByRole("searchbox", { name: "Search nodes" });
const matches = () => screen.getAllByTestId("palette-item");

beforeEach(() => {
  resetEditor();
  useEditor.getState().setSpecs(SPECS);
  render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
});

describe("the palette's search by keyboard", () => {
  it("adds the best match with Enter, as a click on it would, and marks it as the one Enter adds", async () => {
    await userEvent.type(search(), "invert");
    expect(matches()[0]).toHaveAttribute("data-node-type", "tool.invert");
    expect(matches()[0]).toContainElement(screen.getByTestId("enter-adds"));
    await userEvent.keyboard("{Enter}");
    expect(nodeTypes()).toEqual(["tool.invert"]);
    expect(search()).toHaveFocus();
  });

  it("moves through the matches with the arrow keys, and Enter adds the one reached", async () => {
    await userEvent.type(search(), "image");
    expect(matches().length).toBeGreaterThan(2);
    await userEvent.keyboard("{ArrowDown}");
    expect(matches()[0]).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    expect(matches()[1]).toHaveFocus();
    const second = matches()[1].dataset.nodeType;
    await userEvent.keyboard("{Enter}");
    expect(nodeTypes()).toEqual([second]);
    await userEvent.keyboard("{ArrowUp}{ArrowUp}");
    expect(search()).toHaveFocus();
  });

  it("adds nothing with Enter when nothing matches", async () => {
    await userEvent.type(search(), "zzzz{Enter}");
    expect(nodeTypes()).toEqual([]);
  });

  it("empties the search on Escape, leaving the panel on top open; Escape again is the editor's", async () => {
    useEditor.getState().toggleGallery(true);
    await userEvent.type(search(), "blur");
    expect(fireEvent.keyDown(search(), { key: "Escape" })).toBe(false);  // answered here, closes nothing
    expect(search()).toHaveValue("");
    expect(useEditor.getState().galleryOpen).toBe(true);
    expect(fireEvent.keyDown(search(), { key: "Escape" })).toBe(true);  // on to the editor (useShortcuts)
  });

  it("empties the search on Escape from a match, and goes back to the search", async () => {
    await userEvent.type(search(), "image");
    await userEvent.keyboard("{ArrowDown}{Escape}");
    expect(search()).toHaveValue("");
    expect(search()).toHaveFocus();
  });
});
