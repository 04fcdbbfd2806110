// Pages adding a node of one type at the same moment name it alike ("blur-1"); once their updates meet, every page
// has every node (the one whose entry lost puts its own back under an id of its own), with the connections each page
// made, the same on all; a node another page deleted, or put back knowingly, is left as they made it.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { SPECS } from "../../test/specs";
import { pageIdSuffix } from "../graph/ids";
import { createEditorStore } from "../store/editorStore";
import { keepSelected, watchSameId } from "./sameId";
import { shownBy, watchSameSpot } from "./sameSpot";
import { docFromDocument, documentOf, roots, writeNode } from "./ydoc";

const RELAYED = "server";
const unwatch: Array<() => void> = [];
afterEach(() => { for (const stop of unwatch.splice(0)) stop(); });

const start = () => docFromDocument({ schema_version: 1, edges: [], nodes: [
  { id: "image-1", type: "input.image", params: {}, position: { x: 0, y: 0 } },
  { id: "invert-1", type: "tool.invert", params: {}, position: { x: 0, y: 600 } },
] }, RELAYED);

interface Page {
  doc: Y.Doc;
  editor: ReturnType<typeof createEditorStore>;
  /** What the page sent, in order (the server relays it to the others as it is). */
  sent: Uint8Array[];
  /** How much of each other page's `sent` it has had. */
  had: Map<Page, number>;
}

/** A page on the project as `from` has it, Yjs client `clientId`, its editor attached and the watch on. */
function page(from: Y.Doc, clientId: number): Page {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from), RELAYED);
  const editor = createEditorStore();
  editor.getState().setSpecs(SPECS);
  editor.getState().attachDoc(doc);
  const sent: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array, origin: unknown) => { if (origin !== RELAYED) sent.push(update); });
  unwatch.push(watchSameId(doc, keepSelected(editor)));
  return { doc, editor, sent, had: new Map() };
}

/** Relay what each page sent to the others, message by message in order, until nothing new is sent (what a page
 * writes on receiving goes round too); the pages' messages go out in the order the pages are given. */
function relay(...pages: Page[]) {
  for (let moved = true; moved;) {
    moved = false;
    for (const from of pages) {
      for (const to of pages) {
        if (to === from) continue;
        for (let at = to.had.get(from) ?? 0; at < from.sent.length; at += 1) {
          Y.applyUpdate(to.doc, from.sent[at], RELAYED);
          to.had.set(from, at + 1);
          moved = true;
        }
      }
    }
  }
}

/** The graph as a page's document has it, in one order whatever the order of arrival. */
function graph(doc: Y.Doc): WorkflowDocument {
  const document = documentOf(doc);
  const byId = <T extends { id?: string | null }>(items: T[]) => [...items].sort((a, b) =>
    String(a.id).localeCompare(String(b.id)));
  return { ...document, nodes: byId(document.nodes), edges: byId(document.edges),
    ...(document.groups ? { groups: byId(document.groups) } : {}) };
}

/** Every page's document and canvas hold the same graph; that graph. */
function sameEverywhere(...pages: Page[]): WorkflowDocument {
  const shown = graph(pages[0].doc);
  for (const p of pages) {
    expect(graph(p.doc)).toEqual(shown);
    expect(p.editor.getState().nodes.map((n) => n.id).sort())
      .toEqual([...shown.nodes, ...shown.groups ?? []].map((n) => n.id).sort());
    expect(p.editor.getState().edges.map((e) => e.id).sort()).toEqual(shown.edges.map((e) => e.id).sort());
  }
  return shown;
}

const blurs = (document: WorkflowDocument) => document.nodes.filter((n) => n.type === "tool.blur");
const wires = (document: WorkflowDocument) => document.edges.map((e) => `${e.source} -> ${e.target}`).sort();
const putBackId = (p: Page) => `blur-1${pageIdSuffix(p.doc.clientID)}`;

describe("nodes added on two pages at the same moment under one id", () => {
  it("are both kept, the one put back as its page had it, the same on both pages", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    a.editor.getState().updateParams("blur-1", { radius: 9 });
    a.editor.getState().renameNode("blur-1", "Soft focus");
    b.editor.getState().addNode("tool.blur", { x: 300, y: 300 });

    relay(a, b);
    const shown = sameEverywhere(a, b);
    expect(blurs(shown).map((n) => n.id)).toEqual(["blur-1", putBackId(a)]);  // the higher client id's kept its id
    expect(blurs(shown).find((n) => n.id === "blur-1")!.position).toEqual({ x: 300, y: 300 });
    expect(blurs(shown).find((n) => n.id === putBackId(a))).toMatchObject(
      { position: { x: 300, y: 0 }, title: "Soft focus", params: { radius: 9 } });
    // each page still has its own new node selected, not the other's
    const selected = (p: Page) => p.editor.getState().nodes.filter((n) => n.selected).map((n) => n.id);
    expect([selected(a), selected(b)]).toEqual([[putBackId(a)], ["blur-1"]]);
  });

  it("keep whichever page's update reaches the other first", () => {
    const origin = start();
    const [a, b] = [page(origin, 2_000_002), page(origin, 1_000_001)];
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    b.editor.getState().addNode("tool.blur", { x: 300, y: 300 });
    relay(a, b);
    expect(blurs(sameEverywhere(a, b)).map((n) => [n.id, n.position])).toEqual(
      [["blur-1", { x: 300, y: 0 }], [putBackId(b), { x: 300, y: 300 }]]);
  });

  it("end apart when both were put on one spot", async () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    for (const p of [a, b]) {
      unwatch.push(watchSameSpot(p.doc, shownBy(p.editor)));
      p.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    }
    relay(a, b);
    await new Promise((resolve) => setTimeout(resolve));  // a node is moved clear once the canvas shows the other
    relay(a, b);
    const [theirs, put] = blurs(sameEverywhere(a, b));
    expect(put.id).toBe(putBackId(a));
    expect(put.position).toEqual({ x: 300, y: 0 });  // the lower client id's stays where it was put
    expect(theirs.position).not.toEqual({ x: 300, y: 0 });
  });

  it("keep the connection the page whose node was put back made to it right away", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    a.editor.getState().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" });
    a.editor.getState().connectPorts({ source: "blur-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" });
    b.editor.getState().addNode("tool.blur", { x: 300, y: 300 });
    relay(a, b);
    expect(wires(sameEverywhere(a, b))).toEqual([`${putBackId(a)} -> invert-1`, `image-1 -> ${putBackId(a)}`]);
  });

  it("keep the connection the other page made to its node, in its own message after the add", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    b.editor.getState().addNode("tool.blur", { x: 300, y: 300 });
    b.editor.getState().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" });
    relay(a, b);
    const shown = sameEverywhere(a, b);
    expect(blurs(shown)).toHaveLength(2);
    expect(wires(shown)).toEqual(["image-1 -> blur-1"]);
  });

  it("keep both connections when both pages connected their nodes alike", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    for (const p of [a, b]) {
      p.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
      p.editor.getState().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" });
    }
    relay(b, a);
    expect(wires(sameEverywhere(a, b))).toEqual(["image-1 -> blur-1", `image-1 -> ${putBackId(a)}`]);
  });

  it("are all three kept when three pages add one at once", () => {
    const origin = start();
    const pages = [page(origin, 1_000_001), page(origin, 3_000_003), page(origin, 2_000_002)];
    pages.forEach((p, i) => {
      p.editor.getState().addNode("tool.blur", { x: 300, y: 200 * i });
      p.editor.getState().connectPorts({ source: "blur-1", sourceHandle: "image", target: "invert-1",
        targetHandle: "image" });
    });
    relay(...pages);
    const shown = sameEverywhere(...pages);
    expect(blurs(shown).map((n) => [n.id, n.position])).toEqual([
      ["blur-1", { x: 300, y: 200 }], [putBackId(pages[0]), { x: 300, y: 0 }], [putBackId(pages[2]), { x: 300, y: 400 }],
    ]);
    expect(wires(shown)).toEqual(
      ["blur-1 -> invert-1", `${putBackId(pages[0])} -> invert-1`, `${putBackId(pages[2])} -> invert-1`]);
  });

  it("keep both frames made at once, each with the node its page put in it", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    for (const [p, id] of [[a, "image-1"], [b, "invert-1"]] as const) {
      p.editor.getState().onNodesChange([{ type: "select", id, selected: true }]);
      p.editor.getState().groupSelection();
    }
    relay(a, b);
    const shown = sameEverywhere(a, b);
    const frameOf = (id: string) => shown.nodes.find((n) => n.id === id)!.parentId;
    expect(shown.groups?.map((g) => g.id)).toEqual(["group-1", `group-1${pageIdSuffix(a.doc.clientID)}`]);
    expect([frameOf("image-1"), frameOf("invert-1")]).toEqual([`group-1${pageIdSuffix(a.doc.clientID)}`, "group-1"]);
  });

  it("take the put-back away with one undo of its page's add, and only its own node", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    a.editor.getState().onNodesChange([{ type: "position", id: "image-1", position: { x: 0, y: 90 }, dragging: false }]);
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    a.editor.getState().connectPorts({ source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" });
    b.editor.getState().addNode("tool.blur", { x: 300, y: 300 });
    relay(a, b);
    a.editor.getState().undo();  // the connection
    relay(a, b);
    expect(wires(sameEverywhere(a, b))).toEqual([]);
    expect(blurs(sameEverywhere(a, b)).map((n) => n.id)).toEqual(["blur-1", putBackId(a)]);
    a.editor.getState().undo();  // the add: the node put back goes
    relay(a, b);
    const shown = sameEverywhere(a, b);
    expect(blurs(shown).map((n) => n.id)).toEqual(["blur-1"]);
    expect(shown.nodes.find((n) => n.id === "image-1")!.position).toEqual({ x: 0, y: 90 });  // the step before stays
    expect(shown.edges).toEqual([]);
  });
});

describe("a node of this page's that another page took away knowingly", () => {
  it("stays deleted", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    relay(a, b);
    b.editor.getState().deleteNodes(["blur-1"]);
    relay(a, b);
    expect(blurs(sameEverywhere(a, b))).toEqual([]);
  });

  it("is not doubled when they deleted it and wrote it anew under its id in one update", () => {
    const origin = start();
    const [a, b] = [page(origin, 1_000_001), page(origin, 2_000_002)];
    a.editor.getState().addNode("tool.blur", { x: 300, y: 0 });
    relay(a, b);
    b.doc.transact(() => {
      const r = roots(b.doc);
      r.nodes.delete("blur-1");
      writeNode(r, { id: "blur-1", type: "tool.blur", params: { radius: 3 }, position: { x: 300, y: 0 } });
    });
    relay(a, b);
    expect(blurs(sameEverywhere(a, b)).map((n) => [n.id, n.params])).toEqual([["blur-1", { radius: 3 }]]);
  });
});
