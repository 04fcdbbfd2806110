// Who deleted a node and who put it back, recorded in the deleting (restoring) transaction: two pages' documents
// linked in memory as the server links them, each bound as the editor binds it, its writes its person's.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { bindGraph, type GraphBinding } from "./binding";
import { watchDeletedChanges, withNodesBack, type Loss } from "./deletedChanges";
import { asPutBack, deletionsOf, setAuthor, watchPutBacks, type Person } from "./deletions";
import { applyDocument, deleteNode, documentOf, roots, setJson, writeNode } from "./ydoc";

const REMOTE = "remote";
const ADA: Person = { id: "ada", name: "Ada" };
const GRACE: Person = { id: "grace", name: "Grace" };
const GRAPH: WorkflowDocument = { schema_version: 1, nodes: [
  { id: "image-1", type: "input.image", params: {}, position: { x: 0, y: 0 } },
  { id: "blur-1", type: "tool.blur", params: { radius: 4 }, position: { x: 30, y: 40 }, parentId: "frame-1" },
], edges: [
  { id: "e1", source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" },
], groups: [{ id: "frame-1", title: "Look", position: { x: 100, y: 50 }, width: 400, height: 300 }] };

interface Page { doc: Y.Doc; binding: GraphBinding; losses: Loss[]; putBacks: Array<{ ids: string[]; by: Person[] }> }

/** A page of `person` on the project, linked to the others while `link.online`. */
function page(person: Person): Page {
  const doc = new Y.Doc();
  const binding = bindGraph(doc, () => {}, () => {});
  setAuthor(doc, person);
  const losses: Loss[] = [];
  const putBacks: Page["putBacks"] = [];
  stops.push(watchDeletedChanges(doc, (loss) => losses.push(loss)), watchPutBacks(doc, (ids, by) => {
    putBacks.push({ ids, by });
  }), () => binding.destroy());
  return { doc, binding, losses, putBacks };
}

/** Link the pages as the server does: each one's updates reach the others while online, else wait. */
function link(pages: Page[]) {
  const state = { online: true, held: new Map<Y.Doc, Uint8Array[]>() };
  for (const from of pages) {
    from.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (!state.online) state.held.set(from.doc, [...state.held.get(from.doc) ?? [], update]);
      else for (const to of pages) if (to !== from) Y.applyUpdate(to.doc, update, REMOTE);
    });
  }
  const back = () => {
    state.online = true;
    for (const [from, updates] of state.held) {
      for (const to of pages) if (to.doc !== from) Y.applyUpdate(to.doc, Y.mergeUpdates(updates), REMOTE);
    }
    state.held.clear();
  };
  return { state, back };
}

const radius = (p: Page, value: number) =>
  p.binding.write((r) => (r.nodes.get("blur-1")!.get("params") as Y.Map<unknown>).set("radius", value));
/** Put nodes back as the notice's button does: one write of the page's, recorded as a put-back. */
const putBack = (p: Page, loss: Loss) => asPutBack(p.doc, loss.nodes.map((node) => node.id), () =>
  p.binding.write(() => applyDocument(p.doc, withNodesBack(documentOf(p.doc), loss.nodes, loss.edges, loss.frames),
    p.binding.origin)));

let stops: Array<() => void> = [];
let ada: Page;
let grace: Page;
let linked: ReturnType<typeof link>;
beforeEach(() => {
  ada = page(ADA);
  grace = page(GRACE);
  linked = link([ada, grace]);
  applyDocument(grace.doc, GRAPH, "load");
});
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe("who deleted a node", () => {
  it("is the person whose page deleted it, as that page recorded it in the deletion", () => {
    radius(ada, 9);
    grace.binding.write((r) => deleteNode(r, "blur-1"));
    expect(ada.losses).toHaveLength(1);
    expect(ada.losses[0].deleters).toEqual([GRACE]);
    expect(deletionsOf(ada.doc).get("blur-1")).toMatchObject({ by: GRACE });
  });

  it("comes with a deletion made offline, whoever else is on the project when it arrives", () => {
    radius(ada, 9);
    linked.state.online = false;
    grace.binding.write((r) => deleteNode(r, "blur-1"));
    expect(ada.losses).toEqual([]);
    linked.back();
    expect(ada.losses.map((loss) => loss.deleters)).toEqual([[GRACE]]);
  });

  it("is the person whose undo took the node away", () => {
    grace.binding.write((r) => writeNode(r, { id: "invert-1", type: "tool.invert", params: {} }));
    ada.binding.write((r) => setJson(r.nodes.get("invert-1")!, "title", "Flip"));
    grace.binding.undoManager.undo();
    expect(roots(ada.doc).nodes.has("invert-1")).toBe(false);
    expect(ada.losses.map((loss) => loss.deleters)).toEqual([[GRACE]]);
  });
});

describe("putting a node back", () => {
  it("tells the one who deleted it who put it back, and no one else", () => {
    const bob = page({ id: "bob", name: "Bob" });
    const three = link([ada, grace, bob]);
    Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(grace.doc), REMOTE);
    linked.state.online = false;  // from here the three are linked as one
    three.state.online = true;
    radius(ada, 9);
    grace.binding.write((r) => deleteNode(r, "blur-1"));
    putBack(ada, ada.losses[0]);
    expect(roots(grace.doc).nodes.has("blur-1")).toBe(true);
    expect(grace.putBacks).toEqual([{ ids: ["blur-1"], by: [ADA] }]);
    expect(bob.putBacks).toEqual([]);
    expect(ada.putBacks).toEqual([]);  // her own page put it back
  });

  it("tells no page that opens afterwards, and a new node under the old id is no put-back", () => {
    radius(ada, 9);
    grace.binding.write((r) => deleteNode(r, "blur-1"));
    putBack(ada, ada.losses[0]);
    const later = page(GRACE);
    Y.applyUpdate(later.doc, Y.encodeStateAsUpdate(grace.doc), REMOTE);
    expect(later.putBacks).toEqual([]);

    grace.binding.write((r) => deleteNode(r, "blur-1"));
    ada.binding.write((r) => writeNode(r, { id: "blur-1", type: "tool.blur", params: {} }));
    expect(grace.putBacks).toHaveLength(1);  // only Ada's put-back above
    expect(deletionsOf(grace.doc).has("blur-1")).toBe(false);
  });

  it("puts a node whose frame went too where it was on the canvas: the frame's last place plus its own", () => {
    radius(ada, 9);
    grace.binding.write((r) => setJson(r.groups.get("frame-1")!, "position", { x: 200, y: 80 }));
    grace.binding.write((r) => {
      deleteNode(r, "frame-1");
      deleteNode(r, "blur-1");
    });
    expect(ada.losses[0].frames).toEqual({ "frame-1": { x: 200, y: 80 } });
    putBack(ada, ada.losses[0]);
    const blur = documentOf(grace.doc).nodes.find((node) => node.id === "blur-1");
    expect(blur?.position).toEqual({ x: 230, y: 120 });
    expect(blur?.parentId).toBeUndefined();
  });
});
