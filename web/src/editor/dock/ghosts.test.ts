import { beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../api/types";
import { SPECS, specsByType, UPSCALE } from "../../test/specs";
import { portColor } from "../graph/ports";
import { resetEditor, useEditor } from "../store/editorStore";
import {
  changedNodes, changeLines, clearOfGraph, formatValue, ghostEdges, ghostNodes, plannedParams, planFocus, planMade,
  previewGraph, REMOVED_EDGE_COLOR,
} from "./ghosts";

const store = () => useEditor.getState();
const plan = (patch: Partial<Plan>): Plan => ({ status: "ready", planner: "offline", summary: "", credits: 0, ...patch });

/** Upload → Save on the canvas, connected. */
function chain() {
  store().addNode("input.image", { x: 0, y: 0 });
  store().addNode("output.save", { x: 600, y: 0 });
  store().connectPorts({ source: "image-1", sourceHandle: "image", target: "save-1", targetHandle: "image" });
  return { nodes: store().nodes, edges: store().edges };
}

/** Blur inserted between them, Save switched to jpg. */
const insertBlur = plan({
  add_nodes: [{ id: "blur-1", type: "tool.blur", params: { kind: "gaussian", radius: 12, angle: 0 },
    position: { x: 300, y: 40 } }],
  add_edges: [
    { id: "e-image-1-image-blur-1-image", source: "image-1", sourceHandle: "image", target: "blur-1",
      targetHandle: "image" },
    { id: "e-blur-1-image-save-1-image", source: "blur-1", sourceHandle: "image", target: "save-1",
      targetHandle: "image" },
  ],
  remove_edges: ["e-image-1-image-save-1-image"],
  change_nodes: [{ id: "save-1", params: { format: "jpg" } }],
});

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
});

describe("ghosts of a plan", () => {
  it("draws each new node where the plan puts it, under an id no real node has, and out of reach", () => {
    const [ghost] = ghostNodes(insertBlur);
    expect(ghost).toMatchObject({ id: "ghost:blur-1", type: "ghost", position: { x: 300, y: 40 },
      data: { planId: "blur-1", nodeType: "tool.blur" },
      selectable: false, draggable: false, connectable: false, deletable: false, focusable: false });
  });

  it("joins new edges to the ghosts and to the existing nodes, coloured by what they carry", () => {
    const { nodes } = chain();
    const drawn = ghostEdges(insertBlur, nodes, specsByType);
    expect(drawn.map((e) => [e.source, e.target])).toEqual([["image-1", "ghost:blur-1"], ["ghost:blur-1", "save-1"]]);
    expect(drawn[0]).toMatchObject({ sourceHandle: "image", targetHandle: "image", selectable: false,
      data: { portType: "image" }, style: { stroke: portColor("image"), strokeDasharray: "6 4" } });
  });

  it("leaves out an edge whose existing node was deleted while the plan was shown", () => {
    const { nodes } = chain();
    const drawn = ghostEdges(insertBlur, nodes.filter((n) => n.id !== "save-1"), specsByType);
    expect(drawn.map((e) => e.target)).toEqual(["ghost:blur-1"]);
  });

  it("marks the nodes it changes and the edges it removes, and keeps every other object as it was", () => {
    const { nodes, edges } = chain();
    store().addNode("tool.invert", { x: 0, y: 300 });
    const all = store().nodes;
    const shown = previewGraph(all, edges, insertBlur, ghostNodes(insertBlur), specsByType);
    expect(shown.nodes.map((n) => n.id)).toEqual(["image-1", "save-1", "invert-1", "ghost:blur-1"]);
    expect(shown.nodes[0]).toBe(all[0]);
    expect(shown.nodes[1].className).toContain("plan-changed");
    expect(shown.nodes[1].data).toBe(nodes[1].data);
    const removed = shown.edges.find((e) => e.id === "e-image-1-image-save-1-image");
    expect(removed).toMatchObject({ className: "plan-removed", style: { stroke: REMOVED_EDGE_COLOR } });
    expect(shown.edges).toHaveLength(3);
  });
});

describe("what the preview says", () => {
  it("lists on a ghost the parameters the planner set away from the defaults", () => {
    expect(plannedParams(specsByType.get("tool.blur"), { kind: "gaussian", radius: 12, angle: 0 }))
      .toEqual([{ name: "radius", label: "Radius", value: "12" }]);
    expect(plannedParams(specsByType.get("input.prompt"), { text: "a cat astronaut, warm sunset light" }))
      .toEqual([{ name: "text", label: "Text", value: "“a cat astronaut, warm sunset light”" }]);
  });

  it("words a planned choice as the node's menu does, not as the value the planner sent", () => {
    expect(plannedParams(specsByType.get("output.save"), { format: "webp" }))
      .toEqual([{ name: "format", label: "Format", value: "WebP" }]);
    expect(plannedParams(UPSCALE, { scale: 4 })).toEqual([{ name: "scale", label: "Scale", value: "4×" }]);
    // a value the menu does not offer is shown as sent
    expect(plannedParams(specsByType.get("output.save"), { format: "tiff" })[0].value).toBe("tiff");
  });

  it("lists each changed parameter from its value now to the planned one", () => {
    const { nodes } = chain();
    expect(changedNodes(insertBlur, nodes, specsByType)).toEqual([{ id: "save-1", title: "Save Image",
      position: { x: 600, y: 0 }, rows: [{ name: "format", label: "Format", before: "PNG", value: "JPG" }] }]);
  });

  it("says a value in a few words", () => {
    expect(formatValue("x".repeat(60))).toHaveLength(50);
    expect(formatValue(0.1 + 0.2)).toBe("0.3");
    expect(formatValue(true)).toBe("on");
    expect(formatValue(["a", "b"])).toBe("2 items");
    expect(formatValue("")).toBe("none");
  });
});

describe("a plan's new nodes on a drawn graph", () => {
  it("moves them down together, clear of a tall node they would cover, and leaves a clear plan alone", () => {
    store().addNode("input.image", { x: 0, y: 0 });
    store().onNodesChange([{ type: "dimensions", id: "image-1", dimensions: { width: 256, height: 500 } }]);
    const over = plan({ add_nodes: [
      { id: "blur-1", type: "tool.blur", params: {}, position: { x: 100, y: 200 } },
      { id: "invert-1", type: "tool.invert", params: {}, position: { x: 420, y: 200 } },
    ] });
    const moved = clearOfGraph(over, store().nodes, specsByType);
    expect(moved.add_nodes?.map((n) => n.position)).toEqual([{ x: 100, y: 532 }, { x: 420, y: 532 }]);
    const beside = plan({ add_nodes: [{ id: "blur-1", type: "tool.blur", params: {}, position: { x: 320, y: 0 } }] });
    expect(clearOfGraph(beside, store().nodes, specsByType)).toBe(beside);
  });

  it("keeps room for a new node as it will be drawn once applied, taller than its ghost (a Prompt's text box)", () => {
    store().addNode("tool.blur", { x: 0, y: 300 });
    store().onNodesChange([{ type: "dimensions", id: "blur-1", dimensions: { width: 256, height: 400 } }]);
    const above = plan({ add_nodes: [{ id: "prompt-1", type: "input.prompt", params: { text: "a fox" },
      position: { x: 0, y: 100 } }] });
    expect(clearOfGraph(above, store().nodes, specsByType).add_nodes?.[0].position).toEqual({ x: 0, y: 732 });
  });
});

describe("the dock's list of changes", () => {
  it("names each of two changed namesakes as the canvas does, not both the same", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    store().addNode("tool.blur", { x: 400, y: 0 });
    const both = plan({ change_nodes: [{ id: "blur-1", params: { radius: 8 } }, { id: "blur-2", params: { radius: 2 } }] });
    const lines = changeLines(both, store().nodes, specsByType);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Blur \(1\): Radius 4 → 8$/);
    expect(lines[1]).toMatch(/^Blur \(2\): Radius 4 → 2$/);
  });

  it("names a node with no namesake by its title alone", () => {
    store().addNode("tool.blur", { x: 0, y: 0 });
    const one = plan({ change_nodes: [{ id: "blur-1", params: { radius: 8 } }] });
    expect(changeLines(one, store().nodes, specsByType)).toEqual(["Blur: Radius 4 → 8"]);
  });
});

describe("planMade", () => {
  it("is what a plan added and changed, not the nodes it only joins (a phone shows these after an apply)", () => {
    const made = plan({
      add_nodes: [{ id: "b", type: "tool.blur", params: {} }],
      add_edges: [{ source: "image-1", source_port: "image", target: "b", target_port: "image" }],
      change_nodes: [{ id: "save-1", params: { format: "jpg" } }],
    });
    expect(planMade(made, ["blur-1"])).toEqual(["blur-1", "save-1"]);
    expect(planFocus(made, ["blur-1"])).toEqual(["blur-1", "image-1", "save-1"]);
  });
});
