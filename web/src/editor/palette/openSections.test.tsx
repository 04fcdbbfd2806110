// The palette's sections stay as the person left them, from one opening of the editor to the next.

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { MODEL_SPECS, SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { Palette } from "./Palette";

const KEY = "karate-palette-sections";

const openEditor = () => render(<ReactFlowProvider><Palette /></ReactFlowProvider>);
const section = (family: string) =>
  screen.getAllByTestId("palette-section").find((s) => s.dataset.family === family) as HTMLDetailsElement;
const heading = (family: string) => section(family).querySelector("summary")!;

beforeEach(() => {
  localStorage.clear();
  resetEditor();
  useEditor.getState().setSpecs([...SPECS, ...MODEL_SPECS]);
});

describe("palette sections", () => {
  it("start with Models closed and the rest open", () => {
    openEditor();
    expect(section("models").open).toBe(false);
    expect(section("tools").open).toBe(true);
  });

  it("open and close as the person left them when the editor opens again", async () => {
    const first = openEditor();
    await userEvent.click(heading("models"));
    await userEvent.click(heading("tools"));
    expect(section("models").open).toBe(true);
    first.unmount();

    openEditor();
    expect(section("models").open).toBe(true);
    expect(section("tools").open).toBe(false);
    expect(section("inputs").open).toBe(true);
    expect(JSON.parse(localStorage.getItem(KEY)!)).toEqual({ models: true, tools: false });
  });

  it("stay as left while a search hides them", async () => {
    openEditor();
    await userEvent.click(heading("models"));
    await userEvent.type(screen.getByLabelText("Search nodes"), "blur");
    expect(screen.queryAllByTestId("palette-section")).toHaveLength(0);
    await userEvent.clear(screen.getByLabelText("Search nodes"));
    expect(section("models").open).toBe(true);
  });

  it("fall back to the usual states when what is stored is not theirs", () => {
    localStorage.setItem(KEY, "[1, 2");
    openEditor();
    expect(section("models").open).toBe(false);
    expect(section("tools").open).toBe(true);
  });
});
