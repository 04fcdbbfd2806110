// Files dropped on the canvas: a node of the right kind per file, side by side; refusals in words, leaving nothing.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { uploadAsset } from "../api/assets";
import { createWorkflow } from "../api/workflows";
import type { Asset, NodeSpec } from "../api/types";
import { SPECS, spec } from "../test/specs";
import { dropFiles, leftOutText, placeDroppedFiles, refusedFileText } from "./dropFiles";
import { resetEditor, useEditor } from "./store/editorStore";
import { isStudioNode } from "./types";
import { estimatedSize } from "./palette/freeSpot";

vi.mock("../api/workflows", async (original) => ({ ...await original<typeof import("../api/workflows")>(),
  createWorkflow: vi.fn() }));
vi.mock("../api/assets", async (original) => ({ ...await original<typeof import("../api/assets")>(),
  uploadAsset: vi.fn() }));

/** Video Upload and Audio Upload as the registry has them: Image Upload's shape with their own kind. */
const uploadSpec = (media: "video" | "audio", title: string): NodeSpec => {
  const image = spec("input.image");
  return { ...image, type: `input.${media}`, title,
    outputs: [{ ...image.outputs[0], name: media, type: media }],
    params_schema: { ...image.params_schema, properties: {
      asset_id: { ...image.params_schema.properties.asset_id, ui: `${media}-upload` } } } };
};

const store = () => useEditor.getState();
const file = (name: string, type: string) => new File([new Uint8Array(8)], name, { type });
const asset = (id: string, mime: string) => ({ id: id.repeat(64).slice(0, 64), mime }) as Asset;
const placed = () => store().nodes.filter(isStudioNode)
  .map((n) => [n.data.nodeType, n.position.x, n.position.y, n.data.params.asset_id]);

beforeEach(() => {
  resetEditor();
  store().setSpecs([...SPECS, uploadSpec("video", "Video Upload"), uploadSpec("audio", "Audio Upload")]);
  vi.mocked(uploadAsset).mockReset();
});

describe("dropping files on the canvas", () => {
  it("makes the upload node of each file's kind, side by side from where they were dropped", async () => {
    vi.mocked(uploadAsset).mockImplementation((dropped) => Promise.resolve(asset(dropped.name[0], dropped.type)));
    await dropFiles([file("a.png", "image/png"), file("b.mp4", "video/mp4"), file("c.mp3", "audio/mpeg")],
      { x: 100, y: 50 });
    expect(placed()).toEqual([
      ["input.image", 100, 50, "a".repeat(64)],
      ["input.video", 396, 50, "b".repeat(64)],
      ["input.audio", 692, 50, "c".repeat(64)],
    ]);
    expect(vi.mocked(uploadAsset).mock.calls.map(([, media]) => media)).toEqual(["image", "video", "audio"]);
    store().undo();  // the drop is one step, and no upload field is ever seen empty
    expect(store().nodes).toHaveLength(0);
  });

  it("puts each file's node on a free spot, never on a node already there, and says when one is out of view", async () => {
    store().addNode("input.image", { x: 100, y: 50 });
    vi.mocked(uploadAsset).mockImplementation((dropped) => Promise.resolve(asset(dropped.name[0], dropped.type)));
    const visible = { x: 0, y: 0, width: 1400, height: 1000 };
    const outside = await dropFiles([file("a.png", "image/png"), file("b.png", "image/png")], { x: 110, y: 60 },
      visible);
    const boxes = store().nodes.map((n) => ({ x: n.position.x, y: n.position.y }));
    expect(boxes).toHaveLength(3);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 256 || Math.abs(a.y - b.y) >= 200).toBe(true);
    }
    expect(outside).toEqual([]);
    // out of view: the new node's box, for the canvas to bring in
    const far = await dropFiles([file("c.png", "image/png")], { x: 5000, y: 5000 }, visible);
    expect(far).toEqual([{ ...store().nodes.at(-1)?.position, ...estimatedSize(store().specsByType.get("input.image")) }]);
  });

  it("gives a file the server refused no spot: the next file's node takes it", async () => {
    vi.mocked(uploadAsset)
      .mockRejectedValueOnce(new ApiError(415, "This file is not an image the studio can read; choose an image"))
      .mockResolvedValueOnce(asset("b", "image/png"));
    await dropFiles([file("bad.jpg", "image/jpeg"), file("b.png", "image/png")], { x: 100, y: 50 });
    expect(placed()).toEqual([["input.image", 100, 50, "b".repeat(64)]]);
  });

  it("shows each file uploading where its node will appear, until it is stored", async () => {
    let answer: (value: Asset) => void = () => {};
    vi.mocked(uploadAsset).mockReturnValueOnce(new Promise((resolve) => { answer = resolve; }));
    const dropping = dropFiles([file("photo.heic", "")], { x: 10, y: 20 });
    expect(store().pendingUploads).toMatchObject([{ name: "photo.heic", position: { x: 10, y: 20 } }]);
    expect(store().nodes).toHaveLength(0);
    answer(asset("d", "image/heic"));
    await dropping;
    expect(store().pendingUploads).toEqual([]);
    expect(placed()).toEqual([["input.image", 10, 20, "d".repeat(64)]]);
  });

  it("leaves no node and no undo step for a file the server refuses, and says why", async () => {
    vi.mocked(uploadAsset).mockRejectedValueOnce(new ApiError(415,
      "This file is not an image the studio can read; choose an image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF)"));
    await dropFiles([file("notes.jpg", "image/jpeg")], { x: 0, y: 0 });
    expect(store().nodes).toHaveLength(0);
    expect(store().canUndo).toBe(false);
    expect(store().notice).toMatchObject({ tone: "error",
      message: "“notes.jpg” was not added: this file is not an image the studio can read; choose an image "
        + "(PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF)." });
    expect(store().pendingUploads).toEqual([]);
  });

  it("names every file it could not add, and adds the others", async () => {
    vi.mocked(uploadAsset).mockResolvedValueOnce(asset("e", "image/png"));
    await dropFiles([file("notes.txt", "text/plain"), file("e.png", "image/png"), file("model.glb", "")],
      { x: 0, y: 0 });
    expect(placed()).toEqual([["input.image", 0, 0, "e".repeat(64)]]);
    expect(store().notice?.message).toBe("2 files were not added: “notes.txt”, “model.glb”: drop an image, a video "
      + "or a sound; those are the files the canvas's upload nodes take.");
  });

  it("keeps each file's name in its own node, as the server took it", async () => {
    vi.mocked(uploadAsset).mockResolvedValueOnce({ ...asset("f", "image/jpeg"), filename: "board.jpg" })
      .mockResolvedValueOnce({ ...asset("f", "image/jpeg"), filename: "a.png" });  // the same bytes, renamed
    await dropFiles([file("board.jpg", "image/jpeg")], { x: 0, y: 0 });
    await dropFiles([file("a.png", "image/png")], { x: 0, y: 400 });
    expect(store().nodes.filter(isStudioNode).map((n) => n.data.params))
      .toEqual([{ asset_id: "f".repeat(64), filename: "board.jpg" }, { asset_id: "f".repeat(64), filename: "a.png" }]);
  });

  it("takes an earlier drop's refusal away once a drop goes well, but no other notice", async () => {
    await dropFiles([file("notes.txt", "text/plain")], { x: 0, y: 0 });
    expect(store().notice?.tone).toBe("error");
    vi.mocked(uploadAsset).mockResolvedValue(asset("g", "image/png"));
    await dropFiles([file("g.png", "image/png")], { x: 0, y: 0 });
    expect(store().notice).toBeNull();
    store().notify("Run finished with 1 problem", "error");
    await dropFiles([file("h.png", "image/png")], { x: 0, y: 400 });
    expect(store().notice?.message).toBe("Run finished with 1 problem");
  });

  it("says which files one upload field left out, and where they can go", () => {
    expect(leftOutText("board.jpg", [file("b.png", "image/png"), file("c.png", "image/png")])).toBe("Only one file "
      + "fits here: used “board.jpg” and left out 2 others. Drop them on the canvas to make a node for each.");
    expect(leftOutText("board.jpg", [file("clip.mp4", "video/mp4")])).toBe("Only one file fits here: used "
      + "“board.jpg” and left out “clip.mp4”. Drop it on the canvas to make a node for it.");
    expect(leftOutText(null, [file("b.png", "image/png"), file("c.png", "image/png")])).toBe(
      "Only one file fits here, so 2 others were left out. Drop them on the canvas to make a node for each.");
    // no advice the canvas would refuse too
    expect(leftOutText("board.jpg", [file("notes.txt", "text/plain")])).toBe(
      "Only one file fits here: used “board.jpg” and left out “notes.txt”.");
  });

  it("has no place for a kind of file whose upload node the studio lacks", () => {
    const specsByType = new Map(SPECS.map((s) => [s.type, s]));
    const { placed: kept, refused } = placeDroppedFiles([file("clip.mp4", "video/mp4"), file("a.tif", "")],
      { x: 0, y: 0 }, specsByType);
    expect(refused.map((f) => f.name)).toEqual(["clip.mp4"]);
    expect(kept.map((f) => [f.file.name, f.nodeType, f.position.x])).toEqual([["a.tif", "input.image", 0]]);
  });

  it("tells a video dropped on an image field what the field takes and where the video goes instead", () => {
    expect(refusedFileText(file("clip.webm", "video/webm"), "image")).toBe("“clip.webm” was not added: it is a "
      + "video, and this field takes an image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF). Drop a picture here, "
      + "or drop the video on the canvas to make a Video Upload node for it.");
    const titled = refusedFileText(file("a.png", "image/png"), "video", (type) => store().specsByType.get(type)?.title);
    expect(titled).toBe("“a.png” was not added: it is a picture, and this field takes a video (MP4, WebM or "
      + "QuickTime). Drop a video here, or drop the picture on the canvas to make an Image Upload node for it.");
    // a file no upload node takes: what the field takes, as before
    expect(refusedFileText(file("notes.txt", "text/plain"), "image")).toBe("“notes.txt” was not added. This file "
      + "is not an image the studio can read; choose an image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF).");
  });
});

describe("a workflow file dropped on the canvas", () => {
  const workflowFile = (name: string) => new File([JSON.stringify({ schema_version: 1,
    nodes: [{ id: "blur-1", type: "tool.blur", params: {} }], edges: [] })], name, { type: "application/json" });

  it("is not put in the graph: a notice offers to open it as a new project, leaving this one as it is", async () => {
    vi.mocked(uploadAsset).mockResolvedValue(asset("a", "image/png"));
    await dropFiles([workflowFile("Poster.json"), file("a.png", "image/png")], { x: 0, y: 0 });
    expect(placed()).toEqual([["input.image", 0, 0, "a".repeat(64)]]);  // the picture, and only it
    expect(store().notice).toMatchObject({ tone: "info", sticky: true, message: "“Poster.json” is a workflow file. "
      + "Open it as a new project? This project stays as it is.", action: { label: "Open as new project" } });
    expect(createWorkflow).not.toHaveBeenCalled();  // only when asked
  });

  it("still offers it when another file of the drop is refused: one notice says both", async () => {
    await dropFiles([workflowFile("Poster.json"), file("notes.txt", "text/plain")], { x: 0, y: 0 });
    expect(store().notice).toMatchObject({ tone: "error", message: "“notes.txt” was not added: drop an image, a "
      + "video or a sound; those are the files the canvas's upload nodes take. “Poster.json” is a workflow file. "
      + "Open it as a new project? This project stays as it is.", action: { label: "Open as new project" } });
  });

  it("says why when the new project could not be made", async () => {
    vi.mocked(createWorkflow).mockImplementationOnce(() => Promise.reject(new ApiError(413, "the workflow is too large")));
    await dropFiles([workflowFile("Poster.json")], { x: 0, y: 0 });
    store().notice?.action?.run();
    await vi.waitFor(() => expect(store().notice?.message).toBe(
      "“Poster.json” could not be opened as a project: The workflow is too large."));
    expect(store().nodes).toHaveLength(0);
  });

  it("refuses a .json that is no workflow, saying what a workflow file is", async () => {
    await dropFiles([new File(['{"name": "app"}'], "package.json", { type: "application/json" })], { x: 0, y: 0 });
    expect(store().notice).toMatchObject({ tone: "error", message: "“package.json” was not added: it is neither a "
      + "picture, a video or a sound, nor a workflow file. A workflow file is the .json file that “Download workflow” "
      + "in the editor saves: it lists a graph's nodes and connections." });
    expect(store().nodes).toHaveLength(0);
  });

  it("says where a workflow file written by hand goes wrong, as the dashboard does", async () => {
    const json = (text: string, name: string) => new File([text], name, { type: "application/json" });
    await dropFiles([json('{"nodes": [ {"id": "a", ', "broken.json")], { x: 0, y: 0 });
    expect(store().notice?.message).toBe("“broken.json” was not added: it is not valid JSON: it ends at line 1, "
      + "column 24 before the JSON is complete (a bracket, brace or quote is not closed). A workflow file is the .json "
      + "file that “Download workflow” in the editor saves: it lists a graph's nodes and connections.");
    await dropFiles([json('{"nodes": "x"}', "nodes.json")], { x: 0, y: 0 });
    expect(store().notice?.message).toMatch(/^“nodes\.json” was not added: its “nodes” is not a list: write “nodes” as a /);
    expect(store().nodes).toHaveLength(0);
  });
});

describe("dropping the file a workflow file named", () => {
  /** A project opened from a workflow file that named "Photo.JPG" for its Image Upload: the name, no file. */
  const waitingNode = () => store().addNode("input.image", { x: 900, y: 700 }, { filename: "shots/Photo.JPG" }) ?? "";

  it("fills the upload node waiting for it (case aside) and makes no new node", async () => {
    const id = waitingNode();
    vi.mocked(uploadAsset).mockResolvedValueOnce({ ...asset("p", "image/jpeg"), filename: "photo.jpg" });
    const outside = await dropFiles([file("photo.jpg", "image/jpeg")], { x: 10, y: 20 },
      { x: 0, y: 0, width: 400, height: 400 });
    expect(placed()).toEqual([["input.image", 900, 700, "p".repeat(64)]]);
    expect(store().nodes.filter(isStudioNode).find((n) => n.id === id)?.data.params).toMatchObject({ filename: "photo.jpg" });
    // the filled node is out of view: the canvas brings it in
    expect(outside).toEqual([expect.objectContaining({ x: 900, y: 700 })]);
  });

  it("makes a new node, as before, for a file no upload node waits for", async () => {
    waitingNode();
    vi.mocked(uploadAsset).mockResolvedValueOnce(asset("o", "image/png"));
    await dropFiles([file("other.png", "image/png")], { x: 10, y: 20 });
    expect(placed().map(([type, , , assetId]) => [type, assetId])).toEqual([["input.image", ""],
      ["input.image", "o".repeat(64)]]);
  });

  it("says why, and leaves the node waiting, when the server refuses the file", async () => {
    waitingNode();
    vi.mocked(uploadAsset).mockRejectedValueOnce(new ApiError(415, "This file is not an image the studio can read"));
    await dropFiles([file("photo.jpg", "image/jpeg")], { x: 10, y: 20 });
    expect(placed()).toEqual([["input.image", 900, 700, ""]]);
    expect(store().notice?.message).toContain("“photo.jpg” was not added");
  });
});
