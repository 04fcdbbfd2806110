// Download workflow saves the graph on screen as the JSON document `karate run` takes, named after the project, with
// the name of the file in each upload node (so `karate run` elsewhere can say which file to give it).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getAsset } from "../api/assets";
import type { Asset, WorkflowDocument } from "../api/types";
import { SPECS } from "../test/specs";
import { resetEditor, useEditor } from "./store/editorStore";
import { downloadWorkflow, workflowFileName } from "./workflowFile";

vi.mock("../api/assets", async (original) => ({ ...await original<typeof import("../api/assets")>(),
  getAsset: vi.fn() }));

const store = () => useEditor.getState();

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(getAsset).mockReset();
});

/** Download workflow clicked: the file it saves, and the name it is saved under. */
async function download(): Promise<{ file: WorkflowDocument; name: string; clicks: number }> {
  let saved: Blob | undefined;
  vi.spyOn(URL, "createObjectURL").mockImplementation((file) => {
    saved = file as Blob;
    return "blob:workflow";
  });
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
  const clicked: HTMLAnchorElement[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  await downloadWorkflow();
  expect(clicked[0]?.getAttribute("href")).toBe("blob:workflow");
  expect(saved?.type).toBe("application/json");
  return { file: JSON.parse(await saved!.text()) as WorkflowDocument, name: clicked[0].download, clicks: clicked.length };
}

describe("the workflow file's name", () => {
  it("is the project's title, without what file systems refuse", () => {
    expect(workflowFileName("Fox campaign")).toBe("Fox campaign.json");
    expect(workflowFileName('Holiday: poster/v2 "final"?')).toBe("Holiday poster v2 final.json");
    expect(workflowFileName("..hidden")).toBe("hidden.json");
    expect(workflowFileName(" / ")).toBe("workflow.json");
  });
});

describe("Download workflow", () => {
  it("saves the graph as {title, schema_version, nodes, edges}, named after the project", async () => {
    store().setWorkflowMeta({ id: "w1", title: "Fox campaign", version: 1 });
    const blur = store().addNode("tool.blur", { x: 10, y: 20 }, { radius: 8 })!;
    const save = store().addNode("output.save", { x: 300, y: 20 })!;
    store().connectPorts({ source: blur, sourceHandle: "image", target: save, targetHandle: "image" });
    const { file, name, clicks } = await download();

    expect(clicks).toBe(1);
    expect(name).toBe("Fox campaign.json");
    expect(Object.keys(file).sort()).toEqual(["edges", "nodes", "schema_version", "title"]);
    expect(file.title).toBe("Fox campaign");
    expect(file.schema_version).toBe(1);
    expect(file.nodes.map((n) => [n.id, n.type])).toEqual([[blur, "tool.blur"], [save, "output.save"]]);
    expect(file.nodes[0].params).toMatchObject({ radius: 8 });
    expect(file.edges).toEqual([
      expect.objectContaining({ source: blur, sourceHandle: "image", target: save, targetHandle: "image" }),
    ]);
  });
});

describe("the upload nodes of a downloaded workflow", () => {
  const ID = "a".repeat(64);
  const asset = (filename: string | null) => ({ id: ID, filename }) as Asset;

  it("keep the name of the file put in them, asking nothing", async () => {
    store().addNode("input.image", { x: 0, y: 0 }, { asset_id: ID, filename: "product shot.jpg" });
    const { file } = await download();
    expect(file.nodes[0].params).toEqual({ asset_id: ID, filename: "product shot.jpg" });
    expect(getAsset).not.toHaveBeenCalled();
  });

  it("saved before nodes kept a name, are given their file's own", async () => {
    vi.mocked(getAsset).mockResolvedValue(asset("logo.png"));
    const logo = store().addNode("input.image", { x: 0, y: 0 }, { asset_id: ID })!;
    const { file } = await download();
    expect(file.nodes[0].params).toMatchObject({ asset_id: ID, filename: "logo.png" });
    expect(getAsset).toHaveBeenCalledWith(ID, undefined);
    expect(store().nodes.find((n) => n.id === logo)?.data).not.toHaveProperty("params.filename", "logo.png");
  });

  it("still download when the studio no longer has the file, or no node holds one", async () => {
    vi.mocked(getAsset).mockRejectedValue(new Error("Not found"));
    store().addNode("input.image", { x: 0, y: 0 }, { asset_id: ID, filename: "" });
    store().addNode("input.image", { x: 0, y: 100 });
    const { file } = await download();
    expect(file.nodes.map((n) => n.params?.filename)).toEqual(["", ""]);
  });
});

