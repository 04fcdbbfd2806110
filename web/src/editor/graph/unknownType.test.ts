// A node of a type this studio does not know is named to a designer with the known node it may have meant.
import { describe, expect, it } from "vitest";
import { specsByType } from "../../test/specs";
import { edgeOf } from "./document";
import { closestSpec, unknownTypeWords } from "./unknownType";

describe("a type this studio does not know", () => {
  it("suggests the known node whose id is closest, by its title; none when nothing is close", () => {
    expect(closestSpec("tool.blurr", specsByType)?.title).toBe("Blur");
    expect(closestSpec("tool.invrt", specsByType)?.title).toBe("Invert");
    expect(closestSpec("model.teleporter", specsByType)).toBeNull();
  });

  it("leads with the likely typo when a known type is close, without the CLI's words", () => {
    expect(unknownTypeWords("tool.blurr", specsByType)).toBe("This studio has no “tool.blurr” node: did you mean Blur?");
  });

  it("says the project may be newer only when no known type is close", () => {
    expect(unknownTypeWords("model.teleporter", specsByType)).toBe("This studio has no “model.teleporter” node "
      + "(the project may come from a newer version). Delete it, or replace it with another node.");
  });
});

describe("a wire from a node of an unknown type", () => {
  it("is coloured by the input it feeds, as the source's spec cannot say what it carries", () => {
    const nodes = [
      { id: "old", type: "tool.blurr", params: {}, position: { x: 0, y: 0 } },
      { id: "inv", type: "tool.invert", params: {}, position: { x: 200, y: 0 } },
    ];
    const wire = { source: "old", sourceHandle: "image", target: "inv", targetHandle: "image" };
    expect(edgeOf(wire, specsByType, nodes).data).toEqual({ portType: "image" });
    const known = { source: "inv", sourceHandle: "image", target: "old", targetHandle: "image" };
    expect(edgeOf(known, specsByType, nodes).data).toEqual({ portType: "image" });
  });
});
