// The Results panel names each file as a designer knows it: an uploaded photo by its own name, a saved result by
// the name its download gets (two Save Image nodes told apart), each with its size in pixels.

import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getAsset } from "../../api/assets";
import type { Asset } from "../../api/types";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import type { EditorNode } from "../types";
import { CHECKER } from "../viewer/media";
import { GalleryPanel } from "./GalleryPanel";
import { CARD_HEIGHT, CARD_STEP } from "./ResultCard";

vi.mock("../../api/assets", async (original) => ({ ...await original<typeof import("../../api/assets")>(),
  getAsset: vi.fn() }));

const [PHOTO, FIRST, SECOND] = ["a", "b", "c"].map((letter) => letter.repeat(64));
const RECORDS: Record<string, Partial<Asset>> = {
  [PHOTO]: { filename: "IMG_4032.jpg", width: 1200, height: 1600 },
  [FIRST]: { filename: "save-1.png", width: 1200, height: 1600 },
  [SECOND]: { filename: "save-2.png", width: 600, height: 800 },
};
const studio = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });
const done = (asset: string, mime: string, size: { width?: number; height?: number } = {}) =>
  ({ status: "completed" as const, outputs: { image: { asset_id: asset, mime, url: `/a/${asset[0]}`, ...size } } });

beforeEach(() => {
  resetEditor();
  vi.mocked(getAsset).mockReset();
  vi.mocked(getAsset).mockImplementation((id) => Promise.resolve({ id, url: `/a/${id[0]}`, duration: null,
    ...RECORDS[id] } as Asset));
  const store = useEditor.getState();
  store.setSpecs(SPECS);
  store.setWorkflowMeta({ id: "w1", title: "Poster", version: 1, access: "owner" });
  useEditor.setState({
    galleryOpen: true,
    nodes: [studio("photo", "input.image", { asset_id: PHOTO }), studio("save-1", "output.save"),
      studio("save-2", "output.save")],
    // the run's record gives a fresh picture's size; a saved file's comes from its asset record
    nodeRuns: { photo: done(PHOTO, "image/jpeg", { width: 1200, height: 1600 }), "save-1": done(FIRST, "image/png"),
      "save-2": done(SECOND, "image/png") },
  });
});

describe("the Results panel", () => {
  it("names an upload by its own file and each saved result by its download, with sizes in pixels", async () => {
    render(<GalleryPanel />);
    const items = screen.getAllByTestId("gallery-item");
    expect(await within(items[0]).findByText("IMG_4032.jpg")).toBeVisible();
    expect(items.map((item) => within(item).getByTestId("gallery-name").textContent))
      .toEqual(["IMG_4032.jpg", "Poster - Save Image.png", "Poster - Save Image 2.png"]);
    await within(items[2]).findByText("Save Image (2) · image · 600 × 800");
    expect(items.map((item) => within(item).getByTestId("gallery-facts").textContent)).toEqual([
      "Image Upload · image · 1200 × 1600", "Save Image (1) · image · 1200 × 1600", "Save Image (2) · image · 600 × 800"]);
    expect(items.map((item) => within(item).getByRole("link", { name: "Download" }).getAttribute("href"))).toEqual([
      "/a/a?download=", "/a/b?download=Poster%20-%20Save%20Image", "/a/c?download=Poster%20-%20Save%20Image%202"]);
    // the upload's record is asked for as its node's upload field asks for it: one request serves both
    expect(vi.mocked(getAsset).mock.calls.find(([id]) => id === PHOTO)).toEqual([PHOTO, undefined]);
  });

  it("draws the chequerboard behind a picture's own pixels, never as bars beside an opaque photo", async () => {
    render(<GalleryPanel />);
    await screen.findByText("Save Image (2) · image · 600 × 800");
    const [photo] = screen.getAllByTestId("preview-image");
    for (const part of CHECKER.split(/\s+/).filter(Boolean)) expect(photo).toHaveClass(part);
    expect(photo).toHaveClass("max-h-full", "max-w-full");
    expect(photo).not.toHaveClass("w-full");
  });

  it("asks for each picture at the size the canvas and the viewer's stand-in ask for it: one file, fetched once", async () => {
    const part = (letter: string) => ({ asset_id: letter.repeat(64), mime: "image/png", url: `/a/${letter}`,
      width: 8, height: 8 });
    useEditor.setState({
      nodes: [studio("save-1", "output.save"), studio("blur", "tool.blur")],
      // a single result is drawn in its node's frame, the items of a list in tiles of it (ResultPreview)
      nodeRuns: { "save-1": done(FIRST, "image/png", { width: 8, height: 8 }),
        blur: { status: "completed", outputs: { image: { list: [part("d"), part("e")] } } } },
    });
    render(<GalleryPanel />);
    await screen.findAllByTestId("preview-image");
    expect(screen.getAllByTestId("preview-image").map((image) => image.getAttribute("src")))
      .toEqual(["/a/b?size=512", "/a/d?size=256", "/a/e?size=256"]);
  });

  it("draws only the cards in view of a 300-result run, each at its place in a list as tall as all of them", () => {
    const blurs = Array.from({ length: 300 }, (_, index) => studio(`b${index}`, "tool.blur"));
    useEditor.setState({ nodes: blurs, nodeRuns: Object.fromEntries(blurs.map((node, index) =>
      [node.id, done(index.toString(16).padStart(64, "0"), "image/png", { width: 8, height: 8 })])) });
    render(<GalleryPanel />);
    const cards = screen.getAllByTestId("gallery-item");
    expect(cards.length).toBeGreaterThan(2);
    expect(cards.length).toBeLessThan(10);  // a window's height of them (jsdom's is 768 px), and two beyond
    expect(cards[0]).toHaveAttribute("aria-setsize", "300");
    expect(screen.getByRole("list", { name: "Results" }).style.height).toBe(`${299 * CARD_STEP + CARD_HEIGHT}px`);
    expect(cards.map((card) => card.style.top)).toEqual(cards.map((_, index) => `${index * CARD_STEP}px`));
    expect(screen.getByTestId("gallery-count")).toHaveTextContent("300 results");
  });
});

describe("finding a result in the Results panel", () => {
  const search = () => screen.getByRole("searchbox", { name: "Find a result" });
  const names = () => screen.queryAllByTestId("gallery-name").map((name) => name.textContent);

  it("keeps the results whose words hold what is typed, in any case, and says how many of how many", async () => {
    render(<GalleryPanel />);
    await screen.findByText("IMG_4032.jpg");
    fireEvent.change(search(), { target: { value: "SAVE image 2" } });
    expect(names()).toEqual(["Poster - Save Image 2.png"]);
    expect(screen.getByTestId("gallery-count")).toHaveTextContent("1 of 3 results");
    fireEvent.change(search(), { target: { value: "upload" } });
    expect(await screen.findByText("IMG_4032.jpg")).toBeVisible();
    expect(names()).toEqual(["IMG_4032.jpg"]);
  });

  it("says in words when nothing matches, and shows every result again on asking", () => {
    render(<GalleryPanel />);
    fireEvent.change(search(), { target: { value: "sunset" } });
    expect(screen.queryAllByTestId("gallery-item")).toHaveLength(0);
    expect(screen.getByTestId("gallery-none-found")).toHaveTextContent("No result matches “sunset”.");
    act(() => screen.getByRole("button", { name: "Show all results" }).click());
    expect(search()).toHaveValue("");
    expect(screen.getAllByTestId("gallery-item")).toHaveLength(3);
  });

  it("empties the field on Escape, leaving the panel open; Escape again is the editor's", () => {
    render(<GalleryPanel />);
    fireEvent.change(search(), { target: { value: "sunset" } });
    const first = fireEvent.keyDown(search(), { key: "Escape" });
    expect(first).toBe(false);  // answered here: the editor's Escape does not close the panel
    expect(search()).toHaveValue("");
    expect(fireEvent.keyDown(search(), { key: "Escape" })).toBe(true);
  });

  it("offers the kinds the results hold, and shows one alone", () => {
    useEditor.setState((state) => ({ nodes: [...state.nodes, studio("voice", "input.audio")],
      nodeRuns: { ...state.nodeRuns, voice: { status: "completed", outputs: { audio: { asset_id: "d".repeat(64),
        mime: "audio/mpeg", url: "/a/d" } } } } }));
    render(<GalleryPanel />);
    const kinds = screen.getByRole("group", { name: "Kind of result" });
    expect(within(kinds).getAllByRole("button").map((button) => button.textContent))
      .toEqual(["All kinds", "Pictures (3)", "Sound (1)"]);
    act(() => within(kinds).getByRole("button", { name: "Sound (1)" }).click());
    expect(screen.getAllByTestId("gallery-item")).toHaveLength(1);
    expect(screen.getByTestId("gallery-facts")).toHaveTextContent(/^Audio Upload · audio/);
    fireEvent.change(search(), { target: { value: "save" } });
    expect(screen.getByTestId("gallery-none-found")).toHaveTextContent("No sound matches “save”.");
  });

  it("offers no kinds where the results are all of one", () => {
    render(<GalleryPanel />);
    expect(screen.queryByRole("group", { name: "Kind of result" })).toBeNull();
  });
});

describe("the Results panel from the keyboard", () => {
  it("is one stop: arrows move between cards, Enter opens the one the keyboard is on full size", () => {
    render(<GalleryPanel />);
    const cards = screen.getAllByTestId("gallery-item");
    expect(cards.map((card) => card.tabIndex)).toEqual([0, -1, -1]);
    fireEvent.keyDown(screen.getByRole("searchbox", { name: "Find a result" }), { key: "ArrowDown" });
    expect(cards[0]).toHaveFocus();
    fireEvent.keyDown(cards[0], { key: "ArrowDown" });
    expect(cards[1]).toHaveFocus();
    expect(screen.getAllByTestId("gallery-item").map((card) => card.tabIndex)).toEqual([-1, 0, -1]);
    fireEvent.keyDown(cards[1], { key: "Enter" });
    expect(useEditor.getState().viewer?.key).toBe("save-1:image");
    fireEvent.keyDown(cards[1], { key: "End" });
    expect(cards[2]).toHaveFocus();
    fireEvent.keyDown(cards[2], { key: "Home" });
    expect(cards[0]).toHaveFocus();
  });

  it("draws the card it moves to, however far down a 300-result list", () => {
    const blurs = Array.from({ length: 300 }, (_, index) => studio(`b${index}`, "tool.blur"));
    useEditor.setState({ nodes: blurs, nodeRuns: Object.fromEntries(blurs.map((node, index) =>
      [node.id, done(index.toString(16).padStart(64, "0"), "image/png", { width: 8, height: 8 })])) });
    render(<GalleryPanel />);
    fireEvent.keyDown(screen.getAllByTestId("gallery-item")[0], { key: "End" });
    const last = document.activeElement as HTMLElement;
    expect(last).toHaveAttribute("aria-posinset", "300");
    expect(last.style.top).toBe(`${299 * CARD_STEP}px`);
    fireEvent.keyDown(last, { key: "Enter" });
    expect(useEditor.getState().viewer?.key).toBe("b299:image");
  });
});

describe("the Results panel's saved files", () => {
  it("lists all results first, and the saved files alone on asking, where there are both", () => {
    const blurs = Array.from({ length: 4 }, (_, index) => studio(`b${index}`, "tool.blur"));
    useEditor.setState({ nodes: [...blurs, studio("save-1", "output.save")],
      nodeRuns: { ...Object.fromEntries(blurs.map((node, index) =>
        [node.id, done(`${index}`.repeat(64), "image/png", { width: 8, height: 8 })])), "save-1": done(FIRST, "image/png") },
    });
    render(<GalleryPanel />);
    const all = screen.getByRole("button", { name: "All results (5)" });
    expect(all).toHaveAttribute("aria-pressed", "true");  // as before: nothing hidden until asked
    expect(screen.getAllByTestId("gallery-item")).toHaveLength(5);
    act(() => screen.getByRole("button", { name: "Saved files (1)" }).click());
    expect(screen.getByRole("button", { name: "Saved files (1)" })).toHaveAttribute("aria-pressed", "true");
    const [saved] = screen.getAllByTestId("gallery-item");
    expect(screen.getAllByTestId("gallery-item")).toHaveLength(1);
    expect(within(saved).getByTestId("gallery-facts")).toHaveTextContent(/^Save Image · image/);
    act(() => all.click());
    expect(screen.getAllByTestId("gallery-item")).toHaveLength(5);
  });

  it("offers no choice where every result is a saved file, or none is", () => {
    useEditor.setState({ nodes: [studio("save-1", "output.save")], nodeRuns: { "save-1": done(FIRST, "image/png") } });
    const { unmount } = render(<GalleryPanel />);
    expect(screen.queryByTestId("gallery-shown")).toBeNull();
    unmount();
    useEditor.setState({ nodes: [studio("b0", "tool.blur")], nodeRuns: { b0: done(SECOND, "image/png") } });
    render(<GalleryPanel />);
    expect(screen.queryByTestId("gallery-shown")).toBeNull();
  });
});
