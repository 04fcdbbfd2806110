// The viewer's pure parts: zoom maths, the run's results in order, download names and the input to compare with.

import { describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import type { EditorEdge, EditorNode, NodeRunState } from "../types";
import { downloadUrl, durationWords, fileFacts, savedName } from "./media";
import { inputOf, resultOf, sideOf } from "./compare";
import { collectResults, downloadStems, fileNameOf, resultStem, runFileStem, uploadItemKey, viewerItems }
  from "./results";
import { fitView, wheelFactor, zoomTo } from "./zoom";

const specsByType = new Map(SPECS.map((spec) => [spec.type, spec]));
const studio = (id: string, nodeType: string, params: Record<string, unknown> = {}): EditorNode =>
  ({ id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType, params } });
const picture = (id: string) => ({ asset_id: id.repeat(64).slice(0, 64), mime: "image/png", url: `/a/${id}` });

describe("zoom", () => {
  it("fits a picture whole and centred, a small one at its real size", () => {
    expect(fitView({ width: 1048, height: 648 }, { width: 2000, height: 1000 })).toEqual({ scale: 0.5, x: 24, y: 74 });
    expect(fitView({ width: 448, height: 448 }, { width: 100, height: 100 })).toEqual({ scale: 1, x: 174, y: 174 });
  });

  it("keeps the point under the pointer in place", () => {
    const view = zoomTo({ scale: 1, x: 0, y: 0 }, 2, { x: 100, y: 50 });
    expect(view).toEqual({ scale: 2, x: -100, y: -50 });
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(3, 1)).toBeLessThan(1);  // lines, as Firefox reports them
  });
});

describe("results", () => {
  const nodes = [studio("photo", "input.image", { asset_id: "a".repeat(64) }), studio("prompt", "input.prompt"),
    studio("invert", "tool.invert"), studio("save", "output.save", { filename: "poster" }),
    studio("nameless", "output.save")];
  const runs: Record<string, NodeRunState> = {
    photo: { status: "completed", outputs: { image: picture("a") } },
    prompt: { status: "completed", outputs: { text: { value: "a fox" } } },
    invert: { status: "completed", cached: true, outputs: { image: picture("b") } },
    save: { status: "completed", outputs: { image: picture("c") } },
    nameless: { status: "failed", outputs: { image: picture("d") }, error: "Out of memory" },
  };
  const items = collectResults(nodes, runs, specsByType, "Poster");

  it("lists finished results in the canvas's order, without an input's own values; an earlier run's marked", () => {
    expect(items.map((item) => item.key)).toEqual(["photo:image", "invert:image", "save:image", "nameless:image"]);
    expect(items.some((item) => item.remaking)).toBe(false);
    // the last run failed on `nameless`: the picture an earlier run made stays listed, said to be an earlier one
    expect(items.map((item) => item.earlier)).toEqual([false, false, false, true]);
  });

  it("keeps the last results of nodes a run under way makes again, in their place, marked", () => {
    const again: Record<string, NodeRunState> = { ...runs, photo: { ...runs.photo, status: "running" },
      invert: { ...runs.invert, status: "pending" },
      save: { ...runs.save, status: "running" }, nameless: { status: "pending" } };
    const shown = collectResults(nodes, again, specsByType, "Poster");
    expect(shown.map((item) => [item.key, item.remaking])).toEqual(
      [["photo:image", false], ["invert:image", true], ["save:image", true]]);  // an upload no run makes again
  });

  it("names a Save node's file by its file name, others after the project and the node, safe for any disk", () => {
    expect(items.map((item) => item.downloadStem)).toEqual(["", "Poster - Invert", "poster", "Poster - Save Image"]);
    const renamed = { ...nodes[2], data: { ...nodes[2].data, title: "Héro shot: v2!" } } as EditorNode;
    expect(collectResults([renamed], runs, specsByType, "A/B <test>")[0].downloadStem)
      .toBe("A B test - Héro shot v2");
    const nameless = collectResults([nodes[4]], { nameless: { ...runs.save } }, specsByType, "Poster");
    expect(nameless[0].downloadStem).toBe("Poster - Save Image");  // not its node id, save-1
    expect(collectResults([nodes[2]], runs, specsByType, "🎨")[0].downloadStem).toBe("Invert");
    expect(fileNameOf("  ***  ")).toBeNull();
    expect(fileNameOf("..\\secret. ")).toBe("secret");
    expect(downloadUrl("/a/c?exp=1&sig=2", "my poster")).toBe("/a/c?exp=1&sig=2&download=my%20poster");
  });

  it("downloads an uploaded photo under its own name, as the server keeps it, not after the project", () => {
    expect(items.map((item) => item.uploaded)).toEqual([true, false, false, false]);
    expect(items[0].downloadStem).toBe("");
    expect(downloadUrl("/a/c?exp=1&sig=2", items[0].downloadStem)).toBe("/a/c?exp=1&sig=2&download=");
    // an input that made a file of its own (fetched from a URL, say) is a result like any other
    const fetched = collectResults([studio("photo", "input.image")], runs, specsByType, "Poster");
    expect([fetched[0].uploaded, fetched[0].downloadStem]).toEqual([false, "Poster - Image Upload"]);
  });

  it("names one file dropped on two nodes under two names by each node's own name, for Results and downloads", () => {
    const same = "a".repeat(64);
    const two = [studio("board", "input.image", { asset_id: same, filename: "board.jpg" }),
      studio("copy", "input.image", { asset_id: same, filename: "a.png" })];
    const shown = collectResults(two, { board: runs.photo, copy: runs.photo }, specsByType, "Poster");
    expect(shown.map((item) => [item.uploaded, item.fileName])).toEqual([[true, "board.jpg"], [true, "a.png"]]);
    // the server saves it under that name, with the extension of what the file really is
    expect(downloadUrl("/a/a?exp=1&sig=2", shown[0].downloadStem, shown[0].fileName))
      .toBe("/a/a?exp=1&sig=2&download=&name=board.jpg");
    // a node saved before nodes kept names goes by the name its asset was uploaded under
    expect(items[0].fileName).toBeNull();
    expect(downloadUrl("/a/a?exp=1&sig=2", "", null)).toBe("/a/a?exp=1&sig=2&download=");
  });

  it("leaves out an upload's file once another file is put in its node, and never names it after the node's", () => {
    const replaced = [studio("photo", "input.image", { asset_id: "e".repeat(64), filename: "orange.jpg" }),
      studio("invert", "tool.invert")];
    const shown = collectResults(replaced, { photo: runs.photo, invert: runs.invert }, specsByType, "Poster");
    expect(shown.map((item) => item.key)).toEqual(["invert:image"]);  // not the old picture as "orange.jpg"
    expect(downloadStems(replaced, specsByType, "Poster").get("photo")).toBe("Poster - Image Upload");
  });

  it("opens a file put in an upload field before any run, and once a run shows it, as that result", () => {
    const put = [studio("photo", "input.image", { asset_id: "e".repeat(64), filename: "orange.jpg" }),
      studio("invert", "tool.invert")];
    // the run showed the photo's earlier file: the viewer has the new one, from the field, after the results
    const before = viewerItems(put, { photo: runs.photo, invert: runs.invert }, specsByType, "Poster");
    expect(before.map((item) => [item.key, item.kind, item.uploaded, item.fileName])).toEqual(
      [["invert:image", "image", false, null], ["photo:asset_id", "image", true, "orange.jpg"]]);
    expect(before[1].title).toBe("Image Upload · Image");
    expect(uploadItemKey(before, "photo", "e".repeat(64))).toBe("photo:asset_id");
    // once run with it, the field's file is the node's result: listed once, under the result's key
    const ran = viewerItems(put, { photo: { status: "completed", outputs: { image: picture("e") } } }, specsByType);
    expect(ran.map((item) => item.key)).toEqual(["photo:image"]);
    expect(uploadItemKey(ran, "photo", "e".repeat(64))).toBe("photo:image");
    expect(uploadItemKey(ran, "invert", "e".repeat(64))).toBeNull();
  });

  it("names an earlier result as it was made, not after a file name the node refuses (no file was made under it)",
    () => {
      // the Save node's Filename was typed wrong after its result was made under the project's and node's names
      const refused = [studio("save", "output.save", { filename: 'poster: "final"/v2*?<>|' })];
      const earlier = { save: { status: "failed", outputs: { image: picture("c") } } as NodeRunState };
      const [item] = collectResults(refused, earlier, specsByType, "Spring campaign");
      expect(item).toMatchObject({ earlier: true, downloadStem: "Spring campaign - Save Image" });
      expect(savedName(item.downloadStem, item.output.mime)).toBe("Spring campaign - Save Image.png");
      expect(downloadUrl("/a/c", item.downloadStem)).toBe("/a/c?download=Spring%20campaign%20-%20Save%20Image");
      // one over the length the node takes neither; a name it takes, in any alphabet, is the file's
      const long = [studio("save", "output.save", { filename: "x".repeat(121) })];
      expect(collectResults(long, earlier, specsByType, "Poster")[0].downloadStem).toBe("Poster - Save Image");
      const taken = [studio("save", "output.save", { filename: "Héro shot_v2" })];
      expect(collectResults(taken, earlier, specsByType, "Poster")[0].downloadStem).toBe("Héro shot_v2");
    });

  it("names a run's result after the Filename its node had in that run, not after what it is set to since", () => {
    const renamed = [studio("save", "output.save", { filename: "banner" })];  // set after the run that made it
    const made = (madeAs?: string): Record<string, NodeRunState> =>
      ({ save: { status: "completed", outputs: { image: picture("c") }, madeAs } });
    const [item] = collectResults(renamed, made("poster.png"), specsByType, "Spring campaign");
    expect(item.downloadStem).toBe("poster.png");
    expect(savedName(item.downloadStem, item.output.mime)).toBe("poster.png");
    expect(downloadUrl("/a/c", item.downloadStem)).toBe("/a/c?download=poster.png");
    expect(resultStem(renamed, made("poster.png"), specsByType, "Spring campaign", "save", "image")).toBe("poster.png");
    // made with no Filename: named as it was then, after the project and the node
    expect(collectResults(renamed, made(""), specsByType, "Spring campaign")[0].downloadStem)
      .toBe("Spring campaign - Save Image");
    // a result whose run's settings are not known goes by the node's own
    expect(collectResults(renamed, made(), specsByType, "Spring campaign")[0].downloadStem).toBe("banner");
  });

  it("tells apart two nodes of one name, in the canvas's order, whichever has run", () => {
    const saves = [studio("s1", "output.save"), studio("s2", "output.save"), studio("s3", "output.save"),
      studio("p1", "output.save", { filename: "poster" }), studio("p2", "output.save", { filename: "Poster" })];
    expect([...downloadStems(saves, specsByType, "Poster").values()]).toEqual(
      ["Poster - Save Image", "Poster - Save Image 2", "Poster - Save Image 3", "poster", "Poster 2"]);
    // a number another node's own name holds is skipped, and the next namesake goes on from there
    const around = [studio("s1", "output.save"), studio("p", "output.save", { filename: "Poster - Save Image 2" }),
      studio("s2", "output.save"), studio("s3", "output.save")];
    expect([...downloadStems(around, specsByType, "Poster").values()]).toEqual(
      ["Poster - Save Image", "Poster - Save Image 2", "Poster - Save Image 3", "Poster - Save Image 4"]);
    // a Filename of nothing but dots is no name, as the server takes it: not a hidden "...png"
    const dots = [studio("d", "output.save", { filename: ".." })];
    expect([...downloadStems(dots, specsByType, "Poster").values()]).toEqual(["Poster - Save Image"]);
    const secondOnly = collectResults(saves, { s2: runs.save }, specsByType, "Poster");
    expect(secondOnly.map((item) => savedName(item.downloadStem, item.output.mime)))
      .toEqual(["Poster - Save Image 2.png"]);
    const renamed = { ...saves[0], data: { ...saves[0].data, title: "Hero" } } as EditorNode;
    expect(collectResults([renamed], { s1: runs.save }, specsByType, "Poster")[0])
      .toMatchObject({ title: "Hero · image", downloadStem: "Poster - Hero" });
  });

  it("downloads a Save node's file under the name its run gave it, the server's, not one of its own", () => {
    const saves = [studio("save-1", "output.save"), studio("save-2", "output.save"),
      studio("invert", "tool.invert")];
    const named = (filename?: string): NodeRunState =>
      ({ status: "completed", outputs: { image: { ...picture("c"), ...(filename ? { filename } : {}) } } });
    const ran = { "save-1": named("Spring campaign - Save Image.png"),
      "save-2": named("Spring campaign - Save Image-2.png"), invert: runs.invert };
    const shown = collectResults(saves, ran, specsByType, "Spring campaign");
    // the server numbers namesakes as `karate run` does (-2), and the editor says what it was told
    expect(shown.map((item) => savedName(item.downloadStem, item.output.mime))).toEqual(
      ["Spring campaign - Save Image.png", "Spring campaign - Save Image-2.png", "Spring campaign - Invert.png"]);
    expect(resultStem(saves, ran, specsByType, "Spring campaign", "save-2", "image"))
      .toBe("Spring campaign - Save Image-2");
    // a project renamed since: the file keeps the name it was made under, as the server sends it
    expect(collectResults(saves, ran, specsByType, "Autumn")[0].downloadStem).toBe("Spring campaign - Save Image");
    expect(runFileStem("save-1", specsByType.get("output.save"), { asset_id: "c", filename: "my poster.v2.webp" }))
      .toBe("my poster.v2");
  });

  it("never names a file after a node's id, though a run recorded before files were named in words did", () => {
    const saves = [studio("save-1", "output.save"), studio("save-2", "output.save")];
    const old = (filename: string): NodeRunState =>
      ({ status: "completed", outputs: { image: { ...picture("c"), filename } } });
    const shown = collectResults(saves, { "save-1": old("save-1.png"), "save-2": old("save-2-2.png") }, specsByType,
      "Poster");
    expect(shown.map((item) => item.downloadStem)).toEqual(["Poster - Save Image", "Poster - Save Image 2"]);
    // a file name only a Save node's run gives: another node's output never names its download
    expect(runFileStem("invert", specsByType.get("tool.invert"), { asset_id: "b", filename: "x.png" })).toBeNull();
  });

  it("says a file's name with the extension of its type, and its size or its length", () => {
    expect(savedName("Poster - Save Image", "image/png")).toBe("Poster - Save Image.png");
    expect(savedName("Poster - Invert", "application/x-npy")).toBe("Poster - Invert.png");  // sent as PNG
    // a media extension given with the name is the type's own once, never one that lies about the file; other dots stay
    const stems = ["poster.png", "poster.PNG", "poster.jpg", "v1.2-final", "notes.tar"];
    expect(stems.map((stem) => savedName(stem, "image/png")))
      .toEqual(["poster.png", "poster.png", "poster.png", "v1.2-final.png", "notes.tar.png"]);
    expect(savedName("photo.jpeg", "image/jpeg")).toBe("photo.jpg");
    expect(fileFacts("image", { width: 1200, height: 1600 }, null)).toBe("1200 × 1600");
    expect(fileFacts("image", {}, null)).toBeNull();
    expect(fileFacts("video", { width: 640, height: 360 }, 12.4)).toBe("0:12");
    expect(fileFacts("audio", {}, Number.NaN)).toBeNull();
    expect([durationWords(0.3), durationWords(65), durationWords(3725)]).toEqual(["0:01", "1:05", "1:02:05"]);
  });

  it("compares a result with the picture wired into its node", () => {
    const edges: EditorEdge[] = [{ id: "e", source: "photo", sourceHandle: "image", target: "invert",
      targetHandle: "image" }];
    expect(inputOf(items[1], items, edges, nodes, specsByType)?.key).toBe("photo:image");
    expect(inputOf(items[0], items, edges, nodes, specsByType)).toBeNull();
  });

  describe("before and after", () => {
    const edges: EditorEdge[] = [
      { id: "e1", source: "photo", sourceHandle: "image", target: "invert", targetHandle: "image" },
      { id: "e2", source: "invert", sourceHandle: "image", target: "save", targetHandle: "image" }];
    const [photo, invert, save] = ["photo:image", "invert:image", "save:image"]
      .map((key) => items.find((candidate) => candidate.key === key)!);

    it("compares an original, which has no input, with the nearest picture made from it", () => {
      expect(resultOf(photo, items, edges)?.key).toBe("invert:image");
      expect(resultOf(invert, items, edges)?.key).toBe("save:image");
      expect(resultOf(save, items, edges)).toBeNull();
    });

    it("puts the picture the other is made from Before, whichever of the two the viewer was opened on", () => {
      expect(sideOf(invert, photo, edges)).toBe("before");  // opened on the result: the original is Before
      expect(sideOf(photo, invert, edges)).toBe("after");  // opened on the original: the result is After
      expect(sideOf(photo, save, edges)).toBe("after");  // made from it two steps on
      expect(sideOf(save, photo, edges)).toBe("before");
    });

    it("puts an upload Before a result it is not wired to", () => {
      expect(sideOf(photo, save, [])).toBe("after");
      expect(sideOf(save, photo, [])).toBe("before");
      expect(sideOf(invert, save, [])).toBe("before");  // two results: the one compared with is Before
    });
  });
});
