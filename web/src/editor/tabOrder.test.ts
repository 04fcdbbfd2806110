import { describe, expect, it } from "vitest";
import { nodesFirst, nodeStep, screenOrder, type NodeBox, type TabPlace } from "./tabOrder";

const ORDER = ["photo", "invert", "save"];
const on = (nodeId: string, first: boolean, last: boolean): TabPlace => ({ on: "node", nodeId, first, last });

describe("Tab between the canvas's nodes, drawn or not", () => {
  it("goes from the canvas to the first node, and from a node's last stop to the next node", () => {
    expect(nodeStep(ORDER, { on: "canvas" }, false)).toEqual({ nodeId: "photo", end: "first" });
    expect(nodeStep(ORDER, on("photo", true, true), false)).toEqual({ nodeId: "invert", end: "first" });
    expect(nodeStep(ORDER, on("invert", false, true), false)).toEqual({ nodeId: "save", end: "first" });
  });

  it("leaves a node's own fields, and the way past the last node, to the page's order", () => {
    expect(nodeStep(ORDER, on("photo", true, false), false)).toBeNull();  // on to its first field
    expect(nodeStep(ORDER, on("photo", false, false), false)).toBeNull();
    expect(nodeStep(ORDER, on("save", true, true), false)).toEqual({ to: "after nodes" });  // the connections
    expect(nodeStep(ORDER, null, false)).toBeNull();
    expect(nodeStep(ORDER, on("gone", true, true), false)).toBeNull();  // a node no longer in the graph
  });

  it("comes back from a node to the previous node's last stop, and from after the nodes to the last one", () => {
    expect(nodeStep(ORDER, on("invert", true, false), true)).toEqual({ nodeId: "photo", end: "last" });
    expect(nodeStep(ORDER, { on: "after nodes" }, true)).toEqual({ nodeId: "save", end: "last" });
    expect(nodeStep(ORDER, on("photo", true, true), true)).toEqual({ to: "canvas" });  // the stop before them
    expect(nodeStep(ORDER, on("invert", false, true), true)).toBeNull();  // back through its own fields
    expect(nodeStep(ORDER, { on: "canvas" }, true)).toBeNull();
  });

  it("has nowhere to go on an empty canvas", () => {
    expect(nodeStep([], { on: "canvas" }, false)).toBeNull();
    expect(nodeStep([], { on: "after nodes" }, true)).toBeNull();
  });
});

describe("the order Tab takes the nodes in", () => {
  const box = (id: string, x: number, y: number, height = 100): NodeBox => ({ id, x, y, width: 280, height });

  it("is the order they are seen in, row by row, left to right, not the order they were added in", () => {
    // Save was deleted and brought back by undo: it is last in the graph's list, first on its row
    const boxes = [box("invert", 360, 0), box("blur", 0, 300), box("photo", 0, 0), box("save", 360, 300)];
    expect(screenOrder(boxes)).toEqual(["photo", "invert", "blur", "save"]);
  });

  it("keeps nodes side by side on one row though they are a little out of line, or of other heights", () => {
    const boxes = [box("tall", 0, 0, 320), box("lower", 360, 120), box("higher", 720, -30), box("below", 0, 400)];
    expect(screenOrder(boxes)).toEqual(["tall", "lower", "higher", "below"]);
  });

  it("is the same after an undo put a node back at the end of the list", () => {
    const boxes = [box("a", 0, 0), box("b", 360, 0), box("c", 720, 0)];
    const undone = [boxes[0], boxes[2], boxes[1]];
    expect(screenOrder(undone)).toEqual(screenOrder(boxes));
  });
});

describe("the nodes before the connections", () => {
  it("moves the nodes' block before the connections' block, the rest where it was", () => {
    document.body.innerHTML = `<button id="run"></button><div class="react-flow" tabindex="0" id="canvas">
      <svg class="react-flow__edges"><g tabindex="0" id="e1"></g></svg>
      <div class="react-flow__nodes"><div tabindex="0" id="n1"><input id="f1"></div><div tabindex="0" id="n2"></div></div>
      <button id="zoom"></button></div>`;
    const stops = [...document.querySelectorAll<HTMLElement>("button, [tabindex], input")];
    expect(nodesFirst(stops).map((s) => s.id)).toEqual(["run", "canvas", "n1", "f1", "n2", "e1", "zoom"]);
  });
});
