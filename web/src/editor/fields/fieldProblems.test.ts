// A node's error box leaves out what its fields already say beside themselves, also when a field words it more
// fully than the server: Blur's Radius "abc" was refused twice in one node.
import { describe, expect, it } from "vitest";
import { SPECS } from "../../test/specs";
import { problemsBesideFields, withoutProblems } from "./fieldProblems";

const blur = SPECS.find((spec) => spec.type === "tool.blur")!;
const SERVER = "Radius must be a number from 0 to 200";

describe("problemsBesideFields", () => {
  it.each(["abc", "", 999, true])("covers the server's words for a Radius of %j", (radius) => {
    const beside = problemsBesideFields(blur, { radius });
    expect(withoutProblems(SERVER, beside)).toBe("");
    expect(withoutProblems(`Connect an image to Blur's Image input; ${SERVER}`, beside))
      .toBe("Connect an image to Blur's Image input");
  });

  it("leaves the server's words when the field says nothing", () => {
    expect(problemsBesideFields(blur, { radius: 4 })).toEqual([]);
    expect(withoutProblems(SERVER, problemsBesideFields(blur, { radius: 4 }))).toBe(SERVER);
  });
});
