// The shared document on the canvas: a wire takes the type it carries (its colour) from its ends, and a node whose
// type changes (a misspelt type replaced) has its wires rebuilt with it.
import { describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../../api/types";
import { specsByType } from "../../test/specs";
import { fromDocument } from "../graph/document";
import { reflect, reflectAll } from "./reflect";
import { docFromDocument, readNode, roots, writeNode } from "./ydoc";

const MISSPELT: WorkflowDocument = {
  schema_version: 1,
  nodes: [
    { id: "photo", type: "input.image", params: {}, position: { x: 0, y: 0 } },
    { id: "soften", type: "tool.blurr", params: { radius: 5 }, position: { x: 300, y: 0 } },
    { id: "save", type: "output.save", params: {}, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: "in", source: "photo", sourceHandle: "image", target: "soften", targetHandle: "image" },
    { id: "out", source: "soften", sourceHandle: "image", target: "save", targetHandle: "image" },
  ],
};

const portTypes = (edges: Array<{ id: string; data?: { portType?: string } }>) =>
  Object.fromEntries(edges.map((edge) => [edge.id, edge.data?.portType]));

describe("reflect", () => {
  it("types a wire out of a node of an unknown type by the input it feeds", () => {
    const r = roots(docFromDocument(MISSPELT));
    const shown = reflectAll(r, { nodes: [], edges: [] }, specsByType);
    expect(portTypes(shown.edges)).toEqual({ in: "image", out: "image" });
  });

  it("rebuilds the wires of a node whose type changed, though the change wrote no wire", () => {
    const doc = docFromDocument(MISSPELT);
    const r = roots(doc);
    const before = fromDocument(MISSPELT);  // as a screen without the specs drew them: untyped
    expect(portTypes(before.edges)).toEqual({ in: undefined, out: undefined });
    writeNode(r, { ...readNode(r, "soften")!, type: "tool.blur" });
    const after = reflect(r, before, ["soften"], [], specsByType);
    expect(portTypes(after.edges)).toEqual({ in: "image", out: "image" });
    const moved = reflect(r, after, ["photo"], [], specsByType);  // a node only moved: its wires kept as they are
    expect(moved.edges).toBe(after.edges);
  });
});
