// What a return from offline cost, from the graph as the link dropped, as this page and the others changed it, and
// as merged: one setting changed on both sides (which value was kept), a node changed here and deleted there, and
// the reverse; nothing when the two sides changed different things.
import { describe, expect, it } from "vitest";
import type { DocNode, WorkflowDocument } from "../../api/types";
import { SPECS } from "../../test/specs";
import { costsSomething, offlineCost, offlineCostWords } from "./offlineMerge";

const specs = new Map(SPECS.map((spec) => [spec.type, spec]));
const blur = (params: Record<string, unknown>, extra: Partial<DocNode> = {}): DocNode =>
  ({ id: "blur-1", type: "tool.blur", params: { radius: 4, kind: "gaussian", ...params }, position: { x: 0, y: 0 },
    ...extra });
const graph = (...nodes: DocNode[]): WorkflowDocument => ({ schema_version: 1, nodes, edges: [] });
const canvasNames = (id: string) => (id === "blur-1" ? "Blur" : null);

describe("what merging offline edits cost", () => {
  const base = graph(blur({}));

  it("names the setting both sides changed, the value kept and the one dropped", () => {
    const cost = offlineCost(base, graph(blur({ radius: 9 })), graph(blur({ radius: 2 })), graph(blur({ radius: 2 })));
    expect(cost.clashes).toEqual([{ nodeId: "blur-1", nodeType: "tool.blur", key: "radius", mine: 9, theirs: 2,
      kept: "theirs" }]);
    expect(offlineCostWords(cost, specs, ["Ana"], canvasNames)).toBe(
      "While you were offline, Ana also changed Blur's Radius: theirs (2) is kept, yours was 9.");
  });

  it("says when this page's offline value won over a collaborator's newer one, with choices as menus word them", () => {
    const cost = offlineCost(base, graph(blur({ kind: "box" })), graph(blur({ kind: "motion" })),
      graph(blur({ kind: "box" })));
    expect(cost.clashes[0]).toMatchObject({ key: "kind", kept: "mine" });
    expect(offlineCostWords(cost, specs, [], canvasNames)).toBe(
      "While you were offline, someone also changed Blur's Kind: yours (Box) is kept, theirs was Motion.");
  });

  it("costs nothing when the two sides changed different settings, or the same one alike", () => {
    expect(costsSomething(offlineCost(base, graph(blur({ radius: 9 })), graph(blur({ kind: "box" })),
      graph(blur({ radius: 9, kind: "box" }))))).toBe(false);
    expect(costsSomething(offlineCost(base, graph(blur({ radius: 9 })), graph(blur({ radius: 9 })),
      graph(blur({ radius: 9 }))))).toBe(false);
  });

  it("tells of a node changed here that a collaborator deleted, and of one deleted here that they changed", () => {
    const save: DocNode = { id: "save-1", type: "output.save", params: {}, position: { x: 300, y: 0 } };
    const wired = (node: DocNode): WorkflowDocument => ({ ...graph(node, save),
      edges: [{ source: "blur-1", sourceHandle: "image", target: "save-1", targetHandle: "image" }] });
    const gone = offlineCost(wired(blur({})), wired(blur({ radius: 9 })), graph(save), graph(save));
    expect(gone.deletedByThem.map((node) => node.id)).toEqual(["blur-1"]);
    expect(gone.deletedEdges).toEqual([{ source: "blur-1", sourceHandle: "image", target: "save-1",
      targetHandle: "image" }]);  // to put back with it
    expect(offlineCostWords(gone, specs, ["Ana"], () => null)).toBe(
      "Ana deleted Blur while you were offline: your changes to it were not kept.");
    const mineGone = offlineCost(base, graph(), graph(blur({}, { title: "Soft focus" })), graph());
    expect(offlineCostWords(mineGone, specs, ["Ana", "Ben"], () => null)).toBe(
      "You deleted Soft focus while offline, after Ana and Ben had changed it: those changes went with it.");
  });

  it("counts a node's name as a setting", () => {
    const cost = offlineCost(base, graph(blur({}, { title: "Mine" })), graph(blur({}, { title: "Theirs" })),
      graph(blur({}, { title: "Mine" })));
    expect(offlineCostWords(cost, specs, ["Ana"], canvasNames)).toBe(
      "While you were offline, Ana also changed Blur's name: yours ('Mine') is kept, theirs was 'Theirs'.");
  });
});
