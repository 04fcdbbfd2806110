// The editor's limits on titles and version names are the server's: a field stops where a save would be refused.
import { describe, expect, it } from "vitest";
import openapi from "../../openapi.json";
import { VERSION_NAME_MAX_LENGTH } from "./versions";
import { TITLE_MAX_LENGTH } from "./workflows";

describe("TITLE_MAX_LENGTH", () => {
  it("is the maxLength the server publishes for a workflow's title", () => {
    const title = openapi.components.schemas.WorkflowUpdate.properties.title as
      { anyOf: { type: string; maxLength?: number }[] };
    const text = title.anyOf.find((branch) => branch.type === "string");
    expect(text?.maxLength).toBe(TITLE_MAX_LENGTH);
    expect(openapi.components.schemas.WorkflowCreate.properties.title.maxLength).toBe(TITLE_MAX_LENGTH);
  });
});

describe("VERSION_NAME_MAX_LENGTH", () => {
  it("is the maxLength the server publishes for a version's name", () => {
    expect(openapi.components.schemas.VersionCreate.properties.name.maxLength).toBe(VERSION_NAME_MAX_LENGTH);
  });
});
