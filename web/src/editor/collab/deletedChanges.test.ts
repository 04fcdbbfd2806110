// A node this page changed that a collaborator deleted: two documents linked in memory as the server links them,
// this page's writes its own transactions, the other's applied as updates from elsewhere.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { CUT_WITH_NODE_MS, lossWords, watchDeletedChanges, withLosses, withNodesBack, type Loss }
  from "./deletedChanges";
import { applyDocument, deleteEdge, deleteNode, documentOf, roots, setJson } from "./ydoc";

const REMOTE = "remote";
const MINE = { editor: "local" };
const GRAPH: WorkflowDocument = { schema_version: 1, nodes: [
  { id: "image-1", type: "input.image", params: {}, position: { x: 0, y: 0 } },
  { id: "blur-1", type: "tool.blur", params: { radius: 4 }, position: { x: 300, y: 0 } },
  { id: "invert-1", type: "tool.invert", params: {}, position: { x: 600, y: 0 } },
], edges: [
  { id: "e1", source: "image-1", sourceHandle: "image", target: "blur-1", targetHandle: "image" },
  { id: "e2", source: "blur-1", sourceHandle: "image", target: "invert-1", targetHandle: "image" },
] };

/** This page (`mine`) and a collaborator's (`theirs`), each one's updates applied to the other while `online`. */
function pair() {
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  const link = { online: true, held: [] as Uint8Array[] };
  mine.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) Y.applyUpdate(theirs, update, REMOTE);
  });
  theirs.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === REMOTE) return;
    if (link.online) Y.applyUpdate(mine, update, REMOTE);
    else link.held.push(update);
  });
  applyDocument(theirs, GRAPH, "load");
  const losses: Loss[] = [];
  const stop = watchDeletedChanges(mine, (loss) => losses.push(loss));
  const back = () => {
    link.online = true;
    Y.applyUpdate(mine, Y.mergeUpdates(link.held.splice(0)), REMOTE);
  };
  return { mine, theirs, link, losses, stop, back };
}

const params = (doc: Y.Doc, id: string) => roots(doc).nodes.get(id)!.get("params") as Y.Map<unknown>;
/** The collaborator's Delete key: the node's connections in one change, the node in the next. */
const pressDelete = (doc: Y.Doc, id: string) => {
  const r = roots(doc);
  doc.transact(() => {
    for (const [edgeId, edge] of r.edges.entries()) if (edge.source === id || edge.target === id) deleteEdge(r, edgeId);
  });
  doc.transact(() => deleteNode(r, id));
};

let docs: ReturnType<typeof pair>;
beforeEach(() => { docs = pair(); });
afterEach(() => {
  docs.stop();
  vi.useRealTimers();
});

describe("a node this page changed that a collaborator deletes", () => {
  it("is heard of as this page last had it, with its connections", () => {
    const { mine, theirs, losses } = docs;
    mine.transact(() => params(mine, "blur-1").set("radius", 9), MINE);
    mine.transact(() => setJson(roots(mine).nodes.get("blur-1")!, "title", "Soft"), MINE);
    pressDelete(theirs, "blur-1");
    expect(losses).toHaveLength(1);
    expect(losses[0].nodes).toMatchObject([{ id: "blur-1", type: "tool.blur", title: "Soft", params: { radius: 9 } }]);
    expect(losses[0].edges.map((edge) => edge.id).sort()).toEqual(["e1", "e2"]);
    expect(losses[0].writers.size).toBe(0);  // a deletion alone names no one
    expect(roots(mine).nodes.has("blur-1")).toBe(false);
  });

  it("counts a bypass, and a change the collaborator made after this page's, as this page has it", () => {
    const { mine, theirs, losses } = docs;
    mine.transact(() => setJson(roots(mine).nodes.get("blur-1")!, "bypass", true), MINE);
    theirs.transact(() => params(theirs, "blur-1").set("radius", 12));
    theirs.transact(() => deleteNode(roots(theirs), "blur-1"));
    expect(losses[0].nodes).toMatchObject([{ id: "blur-1", bypass: true, params: { radius: 12 } }]);
  });

  it("is not heard of when this page only moved it, deleted it itself, or never touched it", () => {
    const { mine, theirs, losses } = docs;
    mine.transact(() => setJson(roots(mine).nodes.get("blur-1")!, "position", { x: 10, y: 10 }), MINE);
    theirs.transact(() => params(theirs, "invert-1").set("strength", 1));
    pressDelete(theirs, "blur-1");
    pressDelete(theirs, "invert-1");
    mine.transact(() => params(mine, "image-1").set("asset_id", "a1"), MINE);
    mine.transact(() => deleteNode(roots(mine), "image-1"), MINE);
    expect(losses).toEqual([]);
  });

  it("leaves out connections the collaborator took away well before deleting it", () => {
    vi.useFakeTimers();
    const { mine, theirs, losses } = docs;
    mine.transact(() => params(mine, "blur-1").set("radius", 9), MINE);
    theirs.transact(() => deleteEdge(roots(theirs), "e1"));
    vi.advanceTimersByTime(CUT_WITH_NODE_MS + 1);
    theirs.transact(() => deleteEdge(roots(theirs), "e2"));
    theirs.transact(() => deleteNode(roots(theirs), "blur-1"));
    expect(losses[0].edges.map((edge) => edge.id)).toEqual(["e2"]);
  });

  it("names who wrote in the update that deleted it: edits made offline come with the deletion", () => {
    const { mine, theirs, link, losses, back } = docs;
    mine.transact(() => params(mine, "blur-1").set("radius", 9), MINE);
    link.online = false;
    theirs.transact(() => setJson(roots(theirs).nodes.get("invert-1")!, "title", "Flip"));
    pressDelete(theirs, "blur-1");
    expect(losses).toEqual([]);
    back();
    expect(losses).toHaveLength(1);
    expect([...losses[0].writers]).toEqual([theirs.clientID]);
    expect(losses[0].nodes).toMatchObject([{ id: "blur-1", params: { radius: 9 } }]);
  });

  it("is heard of again when deleted again after being put back", () => {
    const { mine, theirs, losses } = docs;
    mine.transact(() => params(mine, "blur-1").set("radius", 9), MINE);
    theirs.transact(() => deleteNode(roots(theirs), "blur-1"));
    applyDocument(mine, withNodesBack(documentOf(mine), losses[0].nodes, losses[0].edges), MINE);
    expect(documentOf(theirs).nodes.find((node) => node.id === "blur-1")?.params).toEqual({ radius: 9 });
    theirs.transact(() => deleteNode(roots(theirs), "blur-1"));
    expect(losses).toHaveLength(2);
  });
});

describe("putting nodes back", () => {
  const blur = { id: "blur-1", type: "tool.blur", params: { radius: 9 }, position: { x: 30, y: 40 },
    parentId: "frame-1" };
  const edges = GRAPH.edges;

  it("adds the node with its connections to nodes still there", () => {
    const now: WorkflowDocument = { ...GRAPH, nodes: GRAPH.nodes.filter((node) => node.id === "image-1"), edges: [] };
    const back = withNodesBack(now, [blur], edges);
    expect(back.nodes.map((node) => node.id)).toEqual(["image-1", "blur-1"]);
    expect(back.nodes[1]).toEqual({ id: "blur-1", type: "tool.blur", params: { radius: 9 },
      position: { x: 30, y: 40 } });
    expect(back.edges.map((edge) => edge.id)).toEqual(["e1"]);  // invert-1 is gone
  });

  it("keeps its frame when the frame is there, and leaves a node already back as it is", () => {
    const now: WorkflowDocument = { ...GRAPH, groups: [{ id: "frame-1", title: "", position: { x: 0, y: 0 },
      width: 300, height: 200 }] };
    expect(withNodesBack({ ...now, nodes: [] }, [blur], []).nodes[0].parentId).toBe("frame-1");
    expect(withNodesBack(now, [blur], edges)).toEqual(now);
  });
});

describe("the notice", () => {
  it("names the deleter and the nodes", () => {
    expect(lossWords(["Blur"], ["Ada"])).toBe("Ada deleted “Blur”, which you changed.");
    expect(lossWords(["Blur", "Soft"], [])).toBe("Someone deleted “Blur” and “Soft”, which you changed.");
    expect(lossWords(["Blur"], ["your other tab"])).toBe("Your other tab deleted “Blur”, which you changed.");
  });

  it("on a return from offline, joins the offline merge's, telling each node once", () => {
    const node = (id: string) => ({ id, type: "tool.blur", params: {} });
    const edge = { id: "e1", source: "a", target: "b" };
    const cost = { clashes: [], deletedByThem: [node("a")], deletedEdges: [edge], deletedByMe: [] };
    const joined = withLosses(cost, [{ nodes: [node("a"), node("b")], edges: [edge], writers: new Set(), deleters: [],
      frames: {} }]);
    expect(joined.deletedByThem.map((n) => n.id)).toEqual(["a", "b"]);
    expect(joined.deletedEdges).toEqual([edge]);
    expect(withLosses(null, []).deletedByThem).toEqual([]);
  });
});
