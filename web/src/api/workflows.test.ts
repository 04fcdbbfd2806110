// The editor's limits on titles and version names are the server's: a field stops where a save would be refused.
import { afterEach, describe, expect, it, vi } from "vitest";
import openapi from "../../openapi.json";
import { VERSION_NAME_MAX_LENGTH } from "./versions";
import { createWorkflow, emptyDocument, TITLE_MAX_LENGTH } from "./workflows";

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

describe("createWorkflow", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks the server to number the title apart (\"Poster (2)\") only when told to, as a file opened again is", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal("fetch", vi.fn((_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string));
      return Promise.resolve(new Response(JSON.stringify({ id: "w1" }), { status: 201,
        headers: { "content-type": "application/json" } }));
    }));
    await createWorkflow("Poster", emptyDocument(), true);
    await createWorkflow("Untitled project");
    expect(bodies).toEqual([
      { title: "Poster", document: emptyDocument(), distinct_title: true },
      { title: "Untitled project", document: emptyDocument() },
    ]);
  });
});
