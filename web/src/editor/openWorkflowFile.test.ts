// A workflow file (the .json "Download workflow" saves) opened as a new project: its document and a title sent to
// the server as they are, unknown node types kept; a file that is no workflow, or one the server refuses, told in
// words naming the file.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import type { Workflow, WorkflowDocument } from "../api/types";
import { createWorkflow } from "../api/workflows";
import { specsByType } from "../test/specs";
import { namedFile } from "./namedFiles";
import { NotAWorkflowFile, openWorkflowFile, readWorkflowFile } from "./openWorkflowFile";
import { workflowFileName, workflowFileText } from "./workflowFile";

vi.mock("../api/workflows", async (original) => ({ ...await original<typeof import("../api/workflows")>(),
  createWorkflow: vi.fn() }));

/** The files a document's upload nodes name and do not hold, as the editor finds them (namedFile). */
const namedIn = (document: WorkflowDocument) => document.nodes
  .map((node) => namedFile(node.id, specsByType.get(node.type), node.params ?? {})).filter((file) => file !== null);
const jsonFile = (name: string, text: string) => new File([text], name, { type: "application/json" });
const saved = {
  schema_version: 1,
  nodes: [{ id: "image-1", type: "input.image", params: { asset_id: "a".repeat(64), filename: "cat.png" },
    position: { x: 0, y: 0 } }, { id: "magic-1", type: "tool.not_in_this_studio", params: {}, position: { x: 300, y: 0 } }],
  edges: [{ id: "e1", source: "image-1", sourceHandle: "image", target: "magic-1", targetHandle: "image" }],
};

beforeEach(() => vi.mocked(createWorkflow).mockReset());

describe("opening a workflow file", () => {
  it("makes a project of a downloaded workflow, named after the file, nodes of unknown types and all; the server "
    + "numbers its title apart from a project already so named (\"Cat poster (2)\")", async () => {
    vi.mocked(createWorkflow).mockResolvedValue({ id: "w1" } as Workflow);
    const opened = await openWorkflowFile(jsonFile("Cat poster.json", workflowFileText(saved)));
    expect(opened.id).toBe("w1");
    expect(createWorkflow).toHaveBeenCalledWith("Cat poster", saved, true);
  });

  it("takes back the title of the project it was downloaded from whole, colons and all (its file name cannot hold "
    + "them)", async () => {
    const title = "Square thumbnail: centre crop to 1:1, then a sharp 2× upscale";
    const read = await readWorkflowFile(jsonFile(workflowFileName(title), workflowFileText(saved, title)));
    expect(read.title).toBe(title);
    expect(read.document).toEqual(saved);
  });

  it("takes the file's own title when it has one, and leaves out the picture of another studio's dashboard",
    async () => {
      const read = await readWorkflowFile(jsonFile("export (3).json", JSON.stringify(
        { ...saved, title: "  Night\u0000 shots ", thumbnail: { asset_id: "b".repeat(64) } })));
      expect(read.title).toBe("Night shots");
      expect(read.document).toEqual(saved);
    });

  it("keeps the pictures a file names by path (as `karate run` reads them) as the names of the files to add",
    async () => {
      const cli = { nodes: [
        { id: "photo", type: "input.image", params: { path: "photo.jpg" } },
        { id: "logo", type: "input.image", params: { path: "shots\\brand/logo.png" } },
        { id: "voice", type: "input.audio", params: { path: "voice.wav" } },
        { id: "kept", type: "input.image", params: { path: "old.png", asset_id: "a".repeat(64), filename: "a.png" } },
        { id: "blur", type: "tool.blur", params: { radius: 3 } },
      ], edges: [] };
      const read = await readWorkflowFile(jsonFile("cli.json", JSON.stringify(cli)));
      expect(read.document.nodes.map((node) => node.params)).toEqual([
        { filename: "photo.jpg" }, { filename: "logo.png" }, { filename: "voice.wav" },
        { asset_id: "a".repeat(64), filename: "a.png" }, { radius: 3 }]);  // no path reaches the server
      expect(namedIn(read.document)).toEqual([{ nodeId: "photo", media: "image", name: "photo.jpg" },
        { nodeId: "logo", media: "image", name: "logo.png" }, { nodeId: "voice", media: "audio", name: "voice.wav" }]);
      expect(namedIn((await readWorkflowFile(jsonFile("studio.json", workflowFileText(saved)))).document)).toEqual([]);
    });

  it("lays out, left to right by depth, the nodes a file written for the command line gives no position", async () => {
    const cli = { nodes: [
      { id: "save", type: "output.save", params: {} },
      { id: "photo", type: "input.image", params: { path: "photo.jpg" } },
      { id: "blur", type: "tool.blur", params: { radius: 3 } },
      { id: "note", type: "input.prompt", params: { text: "kept" }, position: { x: -500, y: 40 } },
    ], edges: [{ source: "photo", sourceHandle: "image", target: "blur", targetHandle: "image" },
      { source: "blur", sourceHandle: "image", target: "save", targetHandle: "image" }] };
    const read = await readWorkflowFile(jsonFile("cli.json", JSON.stringify(cli)));
    const at = new Map(read.document.nodes.map((node) => [node.id, node.position]));
    expect(at.get("note")).toEqual({ x: -500, y: 40 });  // a position it gives is kept
    const [photo, blur, save] = ["photo", "blur", "save"].map((id) => at.get(id));
    expect(photo && blur && save && photo.x < blur.x && blur.x < save.x).toBe(true);
    expect(new Set([photo?.y, blur?.y, save?.y]).size).toBe(1);
  });

  it("refuses a file that holds no workflow, saying what a workflow file is", async () => {
    for (const [name, text] of [["notes.json", "not json at all"], ["package.json", '{"name": "app"}'],
      ["list.json", '{"nodes": [{"label": "no id nor type"}]}']]) {
      const refused = readWorkflowFile(jsonFile(name, text));
      await expect(refused).rejects.toBeInstanceOf(NotAWorkflowFile);
      await expect(refused).rejects.toThrow(new RegExp(`^“${name.replace(".", "\\.")}” is not a workflow file: .*`
        + "A workflow file is the \\.json file that “Download workflow” in the editor saves"));
    }
    expect(createWorkflow).not.toHaveBeenCalled();
  });

  it("says in a sentence naming the file why the server refused it", async () => {
    vi.mocked(createWorkflow).mockImplementationOnce(() => Promise.reject(
      new ApiError(422, "the workflow has 2001 nodes; at most 2000 fit in one")));
    const refusal = await openWorkflowFile(jsonFile("big.json", workflowFileText(saved))).catch((e: unknown) => e);
    expect((refusal as Error).message).toBe(
      "“big.json” could not be opened as a project: The workflow has 2001 nodes; at most 2000 fit in one. Correct that in the file, or download the workflow again from the project it came "
      + "from.");
  });
});
