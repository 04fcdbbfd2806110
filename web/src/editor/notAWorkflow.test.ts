// Why a file is not a workflow, in words someone who wrote it by hand can act on: where its JSON breaks, and which
// part of the graph is not as a workflow file has it (a walk met "it holds no list of nodes" for nodes given as an
// object, and "it is not JSON" for a file cut short).
import { describe, expect, it } from "vitest";
import { notAGraph, notJson } from "./notAWorkflow";

/** What JSON.parse throws for `text` here (V8, as in Chromium). */
function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error("it parsed");
}

const said = (text: string) => notJson(text, parseError(text));

describe("a file whose JSON breaks", () => {
  it("says the line and column where a hand-written workflow breaks", () => {
    const text = '{\n  "nodes": [\n    {"id": "img" "type": "input.image"}\n  ]\n}';
    expect(said(text)).toEqual({ near: true, reason: "it is not valid JSON at line 3, column 18 (look there for a "
      + "missing or extra comma, or a name or text without double quotes)" });
  });

  it("says a file cut short ends before its JSON is complete", () => {
    expect(said('{"nodes": [\n {"id": "a", ')).toEqual({ near: true, reason: "it is not valid JSON: it ends at line "
      + "2, column 13 before the JSON is complete (a bracket, brace or quote is not closed)" });
  });

  it("reads the line and column other browsers name, and says no place when the error names none", () => {
    const firefox = new SyntaxError("JSON.parse: expected ',' or '}' after property value in object at line 2 column 7"
      + " of the JSON data");
    expect(notJson('{"a": 1,\n "b" 2}', firefox).reason).toMatch(/^it is not valid JSON at line 2, column 7 /);
    const chromium = new SyntaxError("Expected double-quoted property name in JSON at position 24 (line 1 column 25)");
    expect(notJson('{"nodes": [ {"id": "a", ', chromium).reason).toMatch(
      /^it is not valid JSON: it ends at line 1, column 24 before the JSON is complete/);
    expect(notJson("{oops}", new SyntaxError("JSON Parse error: Expected '}'"))).toEqual(
      { near: true, reason: "it is not valid JSON" });
  });

  it("calls text that is no JSON object at all not JSON, and an empty file empty", () => {
    expect(said("just notes")).toEqual({ near: false, reason: "it is not JSON" });
    expect(notJson(" \n", parseError(" \n"))).toEqual({ near: false, reason: "it is empty" });
  });
});

describe("a JSON file that holds no graph", () => {
  it("takes a workflow as the editor saves it, or as the command line reads it (no edges, no positions)", () => {
    expect(notAGraph({ nodes: [{ id: "img", type: "input.image" }], edges: [] })).toBeNull();
    expect(notAGraph({ nodes: [{ id: "img", type: "input.image", params: { path: "photo.jpg" } }] })).toBeNull();
    expect(notAGraph({ nodes: [], edges: null })).toBeNull();
  });

  it("says a JSON file without nodes holds no list of nodes", () => {
    expect(notAGraph({ name: "my app" })).toEqual({ near: false, reason: "it holds no list of nodes" });
    expect(notAGraph([1, 2])).toEqual({ near: false, reason: "it holds no list of nodes" });
  });

  it("says how to write nodes and edges given as something other than a list", () => {
    const keyed = { nodes: { img: { type: "input.image", path: "photo.jpg" } } };
    expect(notAGraph(keyed)).toEqual({ near: true, reason: "its “nodes” is not a list: write “nodes” as a list, one "
      + "entry a node: \"nodes\": [{\"id\": \"photo\", \"type\": \"input.image\", \"params\": {…}}, …]" });
    expect(notAGraph({ nodes: "x" })?.reason).toMatch(/^its “nodes” is not a list: /);
    expect(notAGraph({ nodes: [], edges: { e1: {} } })?.reason).toMatch(/^its “edges” is not a list: .*or leave it out$/);
  });

  it("names the node that lacks an id or a type", () => {
    expect(notAGraph({ nodes: [{ id: "img", type: "input.image" }, { id: "blur" }] })).toEqual(
      { near: true, reason: "its node “blur” has no “type”" });
    expect(notAGraph({ nodes: [{ id: "img", type: "input.image" }, { label: "x" }] })?.reason).toBe(
      "node 2 of its list has no “id” and no “type”");
    expect(notAGraph({ nodes: ["img"] })?.reason).toBe("node 1 of its list is not an object with an “id” and a “type”");
  });
});
