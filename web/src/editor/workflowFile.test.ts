// Download workflow saves the graph on screen as the JSON document `karate run` takes, named after the project.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WorkflowDocument } from "../api/types";
import { SPECS } from "../test/specs";
import { resetEditor, useEditor } from "./store/editorStore";
import { downloadWorkflow, workflowFileName } from "./workflowFile";

const store = () => useEditor.getState();

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

afterEach(() => vi.restoreAllMocks());

describe("the workflow file's name", () => {
  it("is the project's title, without what file systems refuse", () => {
    expect(workflowFileName("Fox campaign")).toBe("Fox campaign.json");
    expect(workflowFileName('Holiday: poster/v2 "final"?')).toBe("Holiday poster v2 final.json");
    expect(workflowFileName("..hidden")).toBe("hidden.json");
    expect(workflowFileName(" / ")).toBe("workflow.json");
  });
});

describe("Download workflow", () => {
  it("saves the graph as {schema_version, nodes, edges}, named after the project", async () => {
    store().setWorkflowMeta({ id: "w1", title: "Fox campaign", version: 1 });
    const blur = store().addNode("tool.blur", { x: 10, y: 20 }, { radius: 8 })!;
    const save = store().addNode("output.save", { x: 300, y: 20 })!;
    store().connectPorts({ source: blur, sourceHandle: "image", target: save, targetHandle: "image" });
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

    downloadWorkflow();

    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe("Fox campaign.json");
    expect(clicked[0].getAttribute("href")).toBe("blob:workflow");
    expect(saved?.type).toBe("application/json");
    const file = JSON.parse(await saved!.text()) as WorkflowDocument;
    expect(Object.keys(file).sort()).toEqual(["edges", "nodes", "schema_version"]);
    expect(file.schema_version).toBe(1);
    expect(file.nodes.map((n) => [n.id, n.type])).toEqual([[blur, "tool.blur"], [save, "output.save"]]);
    expect(file.nodes[0].params).toMatchObject({ radius: 8 });
    expect(file.edges).toEqual([
      expect.objectContaining({ source: blur, sourceHandle: "image", target: save, targetHandle: "image" }),
    ]);
  });
});
