// Compare never opens on two sides showing the same picture (one asset, or two assets of the same pixels: a Crop
// of the whole picture hands on an array, the Save after it a PNG): it takes the nearest picture upstream that
// differs, else downstream, else says there is none.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import type { EditorEdge, EditorNode, NodeRunState } from "../types";
import { CompareChooser } from "./CompareChooser";
import { compareOrder, inputOf, resultOf } from "./compare";
import { collectResults, type ViewerItem } from "./results";
import { samePixels } from "./samePixels";

// the pixels are read in a browser (e2e: test_run_what_you_see.py); here two pictures are alike when `alike` says so
let alike: (a: ViewerItem, b: ViewerItem) => boolean = () => false;
vi.mock("./samePixels", () => ({
  samePixels: vi.fn((a: ViewerItem, b: ViewerItem) =>
    Promise.resolve(a.output.asset_id === b.output.asset_id || alike(a, b))),
  knownSamePixels: (a: ViewerItem, b: ViewerItem) => a.output.asset_id === b.output.asset_id || alike(a, b),
}));

const specsByType = new Map(SPECS.map((spec) => [spec.type, spec]));
const studio = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });
const picture = (asset: string) => ({ asset_id: asset.repeat(64), mime: "image/png", url: `/a/${asset}` });
const done = (asset: string): NodeRunState => ({ status: "completed", outputs: { image: picture(asset) } });
const wire = (source: string, target: string): EditorEdge =>
  ({ id: `${source}-${target}`, source, sourceHandle: "image", target, targetHandle: "image" });

// Image Upload → Invert (here: a step that changed nothing, as a Crop of nothing) → Save Image
const nodes = [studio("photo", "input.image", { asset_id: "a".repeat(64) }), studio("crop", "tool.invert"),
  studio("save", "output.save")];
const edges = [wire("photo", "crop"), wire("crop", "save")];
/** The results when the upload is `photo`, the middle step made `crop` and Save Image `save` (asset letters). */
const results = (photo: string, crop: string, save: string): ViewerItem[] =>
  collectResults(nodes, { photo: done(photo), crop: done(crop), save: done(save) }, specsByType, "Poster");
const find = (items: ViewerItem[], nodeId: string) => items.find((item) => item.nodeId === nodeId)!;

/** The chooser of the viewer opened on node `opened`'s picture, as the viewer draws it. */
function chooser(items: ViewerItem[], opened: string) {
  const item = find(items, opened);
  const input = inputOf(item, items, edges, nodes, specsByType);
  const result = input ? null : resultOf(item, items, edges);
  const comparing = items.find((other) => other.key === useEditor.getState().viewer?.compareKey) ?? null;
  return <CompareChooser item={item} items={items} input={input} result={result} comparing={comparing} />;
}

beforeEach(() => {
  resetEditor();
  useEditor.setState({ nodes, edges, specsByType });
  alike = () => false;
  vi.mocked(samePixels).mockClear();
});

describe("what Compare starts from", () => {
  it("skips an input that is the same picture, for the nearest picture upstream that differs", () => {
    const items = results("a", "b", "b");
    expect(inputOf(find(items, "save"), items, edges, nodes, specsByType)?.nodeId).toBe("photo");
    expect(inputOf(find(items, "crop"), items, edges, nodes, specsByType)?.nodeId).toBe("photo");
  });

  it("compares an original with the nearest result made from it that differs", () => {
    const items = results("a", "a", "b");
    expect(resultOf(find(items, "photo"), items, edges)?.nodeId).toBe("save");
    expect(inputOf(find(items, "save"), items, edges, nodes, specsByType)?.nodeId).toBe("crop");
  });

  it("finds nothing where every picture up and down the chain is the same", () => {
    const items = results("a", "a", "a");
    expect(inputOf(find(items, "save"), items, edges, nodes, specsByType)).toBeNull();
    expect(resultOf(find(items, "photo"), items, edges)).toBeNull();
  });
});

describe("the Compare button", () => {
  it("opens on a picture that differs, and marks a same picture among the choices", async () => {
    const items = results("a", "b", "b");
    useEditor.getState().openViewer("save:image");
    const { rerender } = render(chooser(items, "save"));
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(useEditor.getState().viewer).toEqual({ key: "save:image", compareKey: "photo:image" }));
    rerender(chooser(items, "save"));
    const options = [...screen.getByRole<HTMLSelectElement>("combobox", { name: "Compare with" }).options];
    expect(options.map((option) => option.text)).toEqual(
      ["Input · Image Upload · image", "Invert · image · same picture"]);
  });

  it("passes over another asset of the same pixels, for the nearest picture that differs", async () => {
    const items = results("a", "b", "c");  // b and c: an array and the PNG saved of it, one picture
    alike = (x, y) => [x.nodeId, y.nodeId].sort().join() === "crop,save";
    useEditor.getState().openViewer("save:image");
    const { rerender } = render(chooser(items, "save"));
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(useEditor.getState().viewer?.compareKey).toBe("photo:image"));
    rerender(chooser(items, "save"));
    expect(screen.getByRole("option", { name: /Invert · image/ })).toHaveTextContent("Input · Invert · image · same picture");
  });

  it("says there is nothing to compare rather than show the same picture twice", async () => {
    const items = results("a", "b", "c");
    alike = () => true;  // a Crop of the whole picture between an upload and its Save: three files, one picture
    useEditor.getState().openViewer("save:image");
    render(chooser(items, "save"));
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Nothing to compare: Image Upload · image and Invert · image are this same picture");
    expect(useEditor.getState().viewer?.compareKey).toBeNull();
  });

  it("tries what the picture was made from first, nearest first, then what was made from it, then the rest", () => {
    const items = results("a", "b", "c");
    const order = (nodeId: string) => compareOrder(find(items, nodeId), items, edges, nodes, specsByType)
      .map((item) => item.nodeId);
    expect(order("save")).toEqual(["crop", "photo"]);
    expect(order("crop")).toEqual(["photo", "save"]);
    expect(order("photo")).toEqual(["crop", "save"]);
    expect(compareOrder(find(items, "save"), results("a", "c", "c"), edges, nodes, specsByType)
      .map((item) => item.nodeId)).toEqual(["photo"]);  // never the same asset
  });
});
