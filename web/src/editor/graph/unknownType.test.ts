// A node of a type this studio does not know is named to a designer with the known node it may have meant.
import { describe, expect, it } from "vitest";
import { specsByType } from "../../test/specs";
import { closestSpec, unknownTypeWords } from "./unknownType";

describe("a type this studio does not know", () => {
  it("suggests the known node whose id is closest, by its title; none when nothing is close", () => {
    expect(closestSpec("tool.blurr", specsByType)?.title).toBe("Blur");
    expect(closestSpec("tool.invrt", specsByType)?.title).toBe("Invert");
    expect(closestSpec("model.teleporter", specsByType)).toBeNull();
  });

  it("says what to do in a designer's words, without the CLI's", () => {
    expect(unknownTypeWords("model.teleporter", specsByType)).toBe("This studio has no “model.teleporter” node "
      + "(the project may come from a newer version). Delete it, or replace it with another node.");
  });
});
