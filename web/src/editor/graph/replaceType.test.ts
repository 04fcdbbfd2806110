// A node of an unknown type replaced by a known one keeps the parameters and wires the new type has room for.
import { describe, expect, it } from "vitest";
import { spec } from "../../test/specs";
import type { EditorEdge } from "../types";
import { replaceType } from "./replaceType";

const wire = (id: string, source: string, sourceHandle: string, target: string, targetHandle: string): EditorEdge =>
  ({ id, source, sourceHandle, target, targetHandle });

describe("replacing a node's type", () => {
  it("keeps the parameters the new type declares, under its defaults, and drops the others", () => {
    const { params } = replaceType("blurr", { radius: 5, sigma: 2, kind: "box" }, [], spec("tool.blur"));
    expect(params).toEqual({ radius: 5, kind: "box", angle: 0 });
  });

  it("keeps each wire whose port name the new type has on that side, and drops the others", () => {
    const edges = [
      wire("in", "photo", "image", "blurr", "image"),
      wire("mask", "matte", "mask", "blurr", "mask"),
      wire("strength", "num", "value", "blurr", "strength"),
      wire("out", "blurr", "image", "save", "image"),
      wire("preview", "blurr", "preview", "view", "image"),
      wire("elsewhere", "photo", "image", "save", "image"),
    ];
    expect(replaceType("blurr", {}, edges, spec("tool.blur")).droppedEdges).toEqual(["strength", "preview"]);
  });

  it("keeps only the last wire into an input that takes one, as connecting a second would", () => {
    const edges = [wire("a", "one", "image", "blurr", "image"), wire("b", "two", "image", "blurr", "image")];
    expect(replaceType("blurr", {}, edges, spec("tool.blur")).droppedEdges).toEqual(["a"]);
  });

  it("drops a wire that names no port at all", () => {
    const edges: EditorEdge[] = [{ id: "bare", source: "photo", target: "blurr" }];
    expect(replaceType("blurr", {}, edges, spec("tool.blur")).droppedEdges).toEqual(["bare"]);
  });
});
