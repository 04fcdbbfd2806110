import { describe, expect, it } from "vitest";
import { specsByType } from "../test/specs";
import { choiceWords, connectChoices, matchingChoices, portWords } from "./connectChoices";
import { studioNode } from "./graph/document";
import { checkConnection } from "./graph/edit";
import type { EditorEdge, EditorNode } from "./types";

const node = (id: string, type: string, x: number, title?: string): EditorNode =>
  studioNode({ id, type, params: {}, position: { x, y: 0 }, ...(title ? { title } : {}) });
const wire = (source: string, target: string, targetHandle = "image"): EditorEdge =>
  ({ id: `${source}-${target}-${targetHandle}`, source, sourceHandle: "image", target, targetHandle });

const GRAPH = [
  node("photo", "input.image", 0), node("invert", "tool.invert", 300), node("save", "output.save", 900),
  node("blur", "tool.blur", 600), node("prompt", "input.prompt", 320),
];

const listed = (choices: ReturnType<typeof connectChoices>) =>
  choices.map((c) => `${c.output} → ${c.to}: ${c.input}${c.replaces ? ` (instead of ${c.replaces})` : ""}`);

describe("what a node's outputs can be connected to", () => {
  it("lists, nearest node first, each input of another node that a drag would connect, by name", () => {
    const choices = connectChoices("invert", GRAPH, [wire("photo", "invert")], specsByType);
    expect(listed(choices)).toEqual([
      "image → Blur: image", "image → Blur: mask", "image → Save Image: image",
    ]);
    for (const choice of choices) expect(checkConnection(choice.connection, GRAPH, specsByType)).not.toHaveProperty("problem");
  });

  it("leaves out what a drag would refuse: the node itself, a text output into an image input, no inputs", () => {
    expect(connectChoices("prompt", GRAPH, [], specsByType)).toEqual([]);  // nothing takes text here
    const fromPhoto = connectChoices("photo", GRAPH, [], specsByType).map((c) => c.connection.target);
    expect(fromPhoto).not.toContain("photo");
    expect(fromPhoto).not.toContain("prompt");
  });

  it("leaves out a connection already made, and says whose connection a single input's new one replaces", () => {
    const edges = [wire("photo", "invert"), wire("invert", "save"), wire("photo", "blur")];
    expect(listed(connectChoices("invert", GRAPH, edges, specsByType)))
      .toEqual(["image → Blur: image (instead of Image Upload)", "image → Blur: mask"]);
  });

  it("names nodes as the user does: their own names, namesakes told apart by number, never an id", () => {
    const graph = [node("invert", "tool.invert", 0), node("blur-1", "tool.blur", 100),
      node("blur-2", "tool.blur", 200), node("save", "output.save", 300, "Poster")];
    const names = new Set(connectChoices("invert", graph, [], specsByType).map((c) => c.to));
    expect([...names]).toEqual(["Blur (1)", "Blur (2)", "Poster"]);
  });

  it("has nothing for a node it does not know, a frame, or a node that is gone", () => {
    const frame: EditorNode = { id: "group-1", type: "frame", position: { x: 0, y: 0 }, data: { title: "Group" } };
    expect(connectChoices("group-1", [...GRAPH, frame], [], specsByType)).toEqual([]);
    expect(connectChoices("gone", GRAPH, [], specsByType)).toEqual([]);
  });
});

describe("choices in words", () => {
  it("names a port's type only where its name does not say it", () => {
    const port = { required: true, description: "" };
    expect(portWords({ ...port, name: "image", type: "image", list: false })).toBe("image");
    expect(portWords({ ...port, name: "clip", type: "video", list: false })).toBe("clip (video)");
    expect(portWords({ ...port, name: "images", type: "image", list: true })).toBe("images (image list)");
    expect(portWords({ ...port, name: "image", type: "image", list: true })).toBe("image (list)");
  });

  it("reads a choice as a sentence, and narrows the list by every word typed", () => {
    const choices = connectChoices("invert", GRAPH, [], specsByType);
    expect(choiceWords("Invert", choices[0])).toBe("Invert's image output to Blur's image input");
    expect(listed(matchingChoices(choices, "save"))).toEqual(["image → Save Image: image"]);
    expect(listed(matchingChoices(choices, " BLUR  mask "))).toEqual(["image → Blur: mask"]);
    expect(matchingChoices(choices, "")).toHaveLength(choices.length);
  });
});
