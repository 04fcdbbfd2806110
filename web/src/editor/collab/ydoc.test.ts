// The workflow document as Yjs: the same shape as karate/collab/document.py, changed by the smallest write, and
// back to the same workflow document.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { applyDocument, docFromDocument, documentOf, roots, setJson } from "./ydoc";

const WORKFLOW: WorkflowDocument = {
  schema_version: 1,
  nodes: [
    { id: "image-1", type: "input.image", params: { asset_id: "a".repeat(64) }, position: { x: 0, y: 0 } },
    { id: "blur-1", type: "tool.blur", params: { radius: 4, kind: "gaussian" }, position: { x: 300.5, y: 20 },
      parentId: "group-1", title: "Soften", bypass: true, collapsed: true },
  ],
  edges: [
    { id: "e-image-1-image-blur-1-image", source: "image-1", sourceHandle: "image", target: "blur-1",
      targetHandle: "image" },
  ],
  groups: [{ id: "group-1", title: "Group", position: { x: -40, y: -60 }, width: 640, height: 300 }],
  thumbnail: { asset_id: "b".repeat(64) },
};

describe("a workflow as a Yjs document", () => {
  it("has the root maps and value kinds document.py reads", () => {
    const r = roots(docFromDocument(WORKFLOW));
    const blur = r.nodes.get("blur-1")!;
    expect(blur).toBeInstanceOf(Y.Map);
    expect(blur.get("params")).toBeInstanceOf(Y.Map);
    expect(blur.toJSON()).toEqual({ type: "tool.blur", params: { radius: 4, kind: "gaussian" },
      position: { x: 300.5, y: 20 }, parentId: "group-1", title: "Soften", bypass: true, collapsed: true });
    expect(r.edges.get("e-image-1-image-blur-1-image")).toEqual({ source: "image-1", sourceHandle: "image",
      target: "blur-1", targetHandle: "image" });
    expect(r.groups.get("group-1")!.toJSON()).toEqual({ title: "Group", position: { x: -40, y: -60 }, width: 640,
      height: 300 });
    expect(r.meta.toJSON()).toEqual({ schema_version: 1, thumbnail: { asset_id: "b".repeat(64) } });
  });

  it("gives back the document it was made from", () => {
    expect(documentOf(docFromDocument(WORKFLOW), WORKFLOW)).toEqual(WORKFLOW);
  });

  it("keeps the order of the document it is read against, new things after", () => {
    const doc = docFromDocument(WORKFLOW);
    const reversed = { ...WORKFLOW, nodes: [...WORKFLOW.nodes].reverse() };
    expect(documentOf(doc, reversed).nodes.map((n) => n.id)).toEqual(["blur-1", "image-1"]);
    expect(documentOf(doc).nodes.map((n) => n.id)).toEqual(["image-1", "blur-1"]);
  });

  it("derives an edge's id as document.py does when it has none, and leaves null handles out", () => {
    const doc = docFromDocument({ schema_version: 1, nodes: [], edges: [{ source: "a", target: "b",
      sourceHandle: null, targetHandle: "image" }] });
    expect(roots(doc).edges.toJSON()).toEqual({ "a.-b.image": { source: "a", target: "b", targetHandle: "image" } });
    expect(documentOf(doc).edges).toEqual([{ id: "a.-b.image", source: "a", sourceHandle: null, target: "b",
      targetHandle: "image" }]);
  });

  it("writes only what differs, so a concurrent edit of another parameter survives", () => {
    const server = docFromDocument(WORKFLOW);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    let updates = 0;
    server.on("update", () => { updates += 1; });
    applyDocument(server, WORKFLOW);
    expect(updates).toBe(0);  // the same document again: not one update

    (roots(other).nodes.get("blur-1")!.get("params") as Y.Map<unknown>).set("kind", "box");
    const edited = structuredClone(WORKFLOW);
    edited.nodes[1].params = { ...edited.nodes[1].params, radius: 9 };
    applyDocument(server, edited);
    expect(updates).toBe(1);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other));
    for (const doc of [server, other]) {
      expect(documentOf(doc).nodes[1].params).toEqual({ radius: 9, kind: "box" });
    }
  });

  it("removes what the document no longer has and adds what it gained", () => {
    const doc = docFromDocument(WORKFLOW);
    const smaller: WorkflowDocument = { schema_version: 1, nodes: [WORKFLOW.nodes[0],
      { id: "invert-1", type: "tool.invert", params: {}, position: { x: 1, y: 2 } }], edges: [] };
    applyDocument(doc, smaller);
    expect(documentOf(doc, smaller)).toEqual(smaller);
  });
});

describe("text the studio cannot store", () => {
  it("is written without NULs and with lone surrogates replaced, in nested values too; pairs stay", () => {
    const doc = new Y.Doc();
    const params = doc.getMap<unknown>("params");
    setJson(params, "text", "a red\u0000 fox \uD83E\uDD8A");
    setJson(params, "lone", "x\uD800y\uDC00");
    setJson(params, "nested", { list: ["ok", "b\u0000ad"], n: 3 });
    expect(params.get("text")).toBe("a red fox \uD83E\uDD8A");
    expect(params.get("lone")).toBe("x\uFFFDy\uFFFD");
    expect(params.get("nested")).toEqual({ list: ["ok", "bad"], n: 3 });
    const before = Y.encodeStateAsUpdate(doc);
    setJson(params, "text", "a red\u0000 fox \uD83E\uDD8A");  // the same text typed again: nothing written
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
