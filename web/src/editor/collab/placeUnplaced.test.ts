// A project made through the API (its nodes saved without positions) laid out as it opens: left to right, written
// for everyone as no one's undo step, the same on two pages opening it at once; a viewer's page only shows it.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DocNode, WorkflowDocument } from "../../api/types";
import { SPECS } from "../../test/specs";
import { COLUMN } from "../graph/layout";
import { createEditorStore } from "../store/editorStore";
import { LAYOUT_ORIGIN, placeOnOpen, placeUnplaced } from "./placeUnplaced";
import { docFromDocument, documentOf } from "./ydoc";

const blur = (id: string, position?: DocNode["position"]): DocNode =>
  ({ id, type: "tool.blur", params: { radius: 4 }, ...(position ? { position } : {}) });
const wire = (source: string, target: string) =>
  ({ source, sourceHandle: "image", target, targetHandle: "image" });

/** A chain a → b → c → d, as POST /api/v1/workflows saves it from a document without positions. */
const CHAIN: WorkflowDocument = { schema_version: 1,
  nodes: ["d", "c", "b", "a"].map((id) => blur(id)),  // listed against the flow: the wires decide the columns
  edges: [wire("a", "b"), wire("b", "c"), wire("c", "d")] };

/** The document a page holds once synced with the server's (`server`). */
function synced(server: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), "server");
  return doc;
}

const positions = (doc: Y.Doc) => Object.fromEntries(documentOf(doc).nodes.map((node) => [node.id, node.position]));

/** An editor store with `doc` attached, as the session attaches it on its first sync. */
function editorOn(doc: Y.Doc, access?: "viewer") {
  const editor = createEditorStore();
  editor.getState().setSpecs(SPECS);
  editor.getState().setWorkflowMeta({ id: "w1", title: "Chain", version: 1, ...(access ? { access } : {}) });
  editor.getState().attachDoc(doc);
  return editor;
}

describe("placing the nodes a project saved without a position", () => {
  it("writes them left to right along the wires, in one transaction", () => {
    const doc = synced(docFromDocument(CHAIN, "server"));
    const origins: unknown[] = [];
    doc.on("afterTransaction", (transaction: Y.Transaction) => origins.push(transaction.origin));
    placeUnplaced(doc);
    expect(origins).toEqual([LAYOUT_ORIGIN]);
    expect(positions(doc)).toEqual({ a: { x: 0, y: 0 }, b: { x: COLUMN, y: 0 }, c: { x: 2 * COLUMN, y: 0 },
      d: { x: 3 * COLUMN, y: 0 } });
  });

  it("leaves the nodes that have a position where they are, and writes nothing when all have one", () => {
    const doc = synced(docFromDocument({ ...CHAIN, nodes: [blur("a", { x: 500, y: 80 }), blur("b")] }, "server"));
    placeUnplaced(doc);
    expect(positions(doc).a).toEqual({ x: 500, y: 80 });
    expect(positions(doc).b?.x).toBeGreaterThan(500 + 256);  // beside it, not on it
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    expect(placeUnplaced(doc).size).toBe(0);
    expect(updates).toEqual([]);
  });

  it("is no undo step: undo right after opening keeps the layout", () => {
    const doc = synced(docFromDocument(CHAIN, "server"));
    const editor = editorOn(doc);
    placeOnOpen(doc, editor);
    expect(editor.getState().canUndo).toBe(false);
    editor.getState().undo();
    expect(positions(doc).d).toEqual({ x: 3 * COLUMN, y: 0 });
    expect(editor.getState().nodes.find((node) => node.id === "d")?.position).toEqual({ x: 3 * COLUMN, y: 0 });
    expect(editor.getState().fitView.n).toBe(1);  // the view goes to where the nodes now are
  });

  it("ends with the same positions when two pages lay out the same project at once", () => {
    const server = docFromDocument({ ...CHAIN, nodes: [...CHAIN.nodes, blur("e")] }, "server");
    const [one, two] = [synced(server), synced(server)];
    const alone = placeUnplaced(one);
    placeUnplaced(two);
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    expect(positions(one)).toEqual(positions(two));
    expect(positions(one)).toEqual(Object.fromEntries(alone));
  });

  it("on a viewer's page shows the layout without writing it", () => {
    const doc = synced(docFromDocument(CHAIN, "server"));
    const editor = editorOn(doc, "viewer");
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    placeOnOpen(doc, editor);
    expect(updates).toEqual([]);
    expect(positions(doc).d).toBeUndefined();
    const shown = Object.fromEntries(editor.getState().nodes.map((node) => [node.id, node.position]));
    expect(shown).toEqual({ a: { x: 0, y: 0 }, b: { x: COLUMN, y: 0 }, c: { x: 2 * COLUMN, y: 0 },
      d: { x: 3 * COLUMN, y: 0 } });
  });
});
