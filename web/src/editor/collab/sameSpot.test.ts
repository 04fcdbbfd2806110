// Two pages adding a node at the same moment on the one free spot each had: once the adds merge, one node moves clear,
// written once, by the page that added it, and both pages end with the same graph; a node put on another's that was
// already there (not at the same moment) stays where its user put it.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SPECS } from "../../test/specs";
import { estimatedSize, freeSpot } from "../palette/freeSpot";
import { createEditorStore } from "../store/editorStore";
import { SAME_MOMENT_MS, SAME_SPOT_ORIGIN, shownBy, watchSameSpot } from "./sameSpot";
import { docFromDocument, documentOf } from "./ydoc";

const server = () => docFromDocument({ schema_version: 1, edges: [],
  nodes: [{ id: "image-1", type: "input.image", params: {}, position: { x: 0, y: 0 } }] }, "server");

let clock = 0;
const unwatch: Array<() => void> = [];
afterEach(() => {
  for (const stop of unwatch.splice(0)) stop();
  clock = 0;
});

/** A page on the project: its document synced with `from`, Yjs client `clientId`, the editor attached, the watch on;
 * what it wrote to move a node clear. */
function page(from: Y.Doc, clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from), "server");
  const editor = createEditorStore();
  editor.getState().setSpecs(SPECS);
  editor.getState().setWorkflowMeta({ id: "w1", title: "Same spot", version: 1 });
  editor.getState().attachDoc(doc);
  const moves: unknown[] = [];
  doc.on("afterTransaction", (transaction: Y.Transaction) => {
    if (transaction.origin === SAME_SPOT_ORIGIN) moves.push(transaction.origin);
  });
  unwatch.push(watchSameSpot(doc, shownBy(editor), () => clock));
  return { doc, editor, moves };
}

/** What each page has that the others lack goes to them, as the server relays it; then what the watch does runs. */
async function relay(...pages: Array<{ doc: Y.Doc }>) {
  for (let round = 0; round < 3; round += 1) {
    for (const to of pages) {
      for (const from of pages) {
        if (from !== to) Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), "server");
      }
    }
    await new Promise((resolve) => setTimeout(resolve));
  }
}

const sizeOf = (nodeType: string) => estimatedSize(SPECS.find((spec) => spec.type === nodeType));
const positions = (doc: Y.Doc) => Object.fromEntries(documentOf(doc).nodes.map((node) => [node.id, node.position]));

/** Whether the two nodes' boxes (as the spot finder sizes them) share some area. */
function onOneAnother(doc: Y.Doc, a: string, b: string): boolean {
  const box = (id: string) => {
    const node = documentOf(doc).nodes.find((n) => n.id === id)!;
    return { x: node.position!.x, y: node.position!.y, ...sizeOf(node.type) };
  };
  const [p, q] = [box(a), box(b)];
  return p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
}

describe("two nodes added at the same moment on one spot", () => {
  it("moves the node of the page with the higher client id clear, written by that page alone", async () => {
    const origin = server();
    const [a, b] = [page(origin, 1), page(origin, 2)];
    // each page's click finds the same free spot: the graph it has is the same
    const spot = freeSpot(a.editor.getState().nodes, { x: 0, y: 0 }, "tool.blur", sizeOf);
    a.editor.getState().addNode("tool.blur", spot);
    b.editor.getState().addNode("tool.invert", spot);
    expect(positions(a.doc)["blur-1"]).toEqual(spot);
    expect(positions(b.doc)["invert-1"]).toEqual(spot);

    await relay(a, b);
    expect(positions(a.doc)).toEqual(positions(b.doc));
    expect(positions(a.doc)["blur-1"]).toEqual(spot);  // the lower client id's stays
    expect(onOneAnother(a.doc, "blur-1", "invert-1")).toBe(false);
    expect(onOneAnother(a.doc, "image-1", "invert-1")).toBe(false);
    expect([a.moves.length, b.moves.length]).toEqual([0, 1]);
    // both editors show it where the document has it
    for (const shown of [a, b]) {
      expect(shown.editor.getState().nodes.find((n) => n.id === "invert-1")!.position)
        .toEqual(positions(a.doc)["invert-1"]);
    }
  });

  it("moves it whichever page's add reached the other first", async () => {
    const origin = server();
    const [a, b] = [page(origin, 7), page(origin, 3)];
    const spot = freeSpot(a.editor.getState().nodes, { x: 0, y: 0 }, "tool.blur", sizeOf);
    a.editor.getState().addNode("tool.blur", spot);
    b.editor.getState().addNode("tool.invert", spot);
    await relay(b, a);
    expect(positions(a.doc)).toEqual(positions(b.doc));
    expect(positions(a.doc)["invert-1"]).toEqual(spot);
    expect(onOneAnother(a.doc, "blur-1", "invert-1")).toBe(false);
    expect([a.moves.length, b.moves.length]).toEqual([1, 0]);
  });

  it("ends with three added at once each on a spot of its own, on every page", async () => {
    const origin = server();
    const pages = [page(origin, 1), page(origin, 2), page(origin, 3)];
    const spot = freeSpot(pages[0].editor.getState().nodes, { x: 0, y: 0 }, "tool.blur", sizeOf);
    ["tool.blur", "tool.invert", "tool.adjust"].forEach((type, i) => pages[i].editor.getState().addNode(type, spot));
    await relay(...pages);
    await relay(...pages);
    const where = positions(pages[0].doc);
    for (const other of pages.slice(1)) expect(positions(other.doc)).toEqual(where);
    for (const [p, q] of [["blur-1", "invert-1"], ["blur-1", "adjust-1"], ["invert-1", "adjust-1"]]) {
      expect(onOneAnother(pages[0].doc, p, q)).toBe(false);
    }
    expect(where["blur-1"]).toEqual(spot);
  });

  it("leaves a node put on another's that was there already: its user put it there", async () => {
    const origin = server();
    const [a, b] = [page(origin, 1), page(origin, 2)];
    const spot = { x: 600, y: 0 };
    a.editor.getState().addNode("tool.blur", spot);
    await relay(a, b);
    clock += SAME_MOMENT_MS + 1;
    b.editor.getState().addNode("tool.invert", spot);  // dropped on Blur on purpose, long after it came
    await relay(a, b);
    expect(positions(a.doc)["invert-1"]).toEqual(spot);
    expect(positions(b.doc)["blur-1"]).toEqual(spot);
    expect([a.moves.length, b.moves.length]).toEqual([0, 0]);
  });

  it("moves nothing on a page that may only view the project", async () => {
    const origin = server();
    const [a, b] = [page(origin, 1), page(origin, 2)];
    b.editor.getState().setWorkflowMeta({ id: "w1", title: "Same spot", version: 1, access: "viewer" });
    const spot = { x: 600, y: 0 };
    a.editor.getState().addNode("tool.blur", spot);
    // written into B's document as if B's own (a viewer's page cannot add one: the check is the watch's own)
    b.doc.transact(() => {
      const node = new Y.Map<unknown>();
      node.set("type", "tool.invert");
      node.set("params", new Y.Map());
      node.set("position", spot);
      b.doc.getMap("nodes").set("invert-1", node);
    });
    await relay(a, b);
    expect(b.moves).toEqual([]);
  });
});
