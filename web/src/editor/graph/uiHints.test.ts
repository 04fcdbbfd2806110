import { describe, expect, it } from "vitest";
import openapi from "../../../openapi.json";
import type { UiHint } from "../../api/types";
import { describeField, hintedField } from "./schemaForm";

// Every UI hint the server's OpenAPI lists (the enumeration karate.engine.sdk.UiHint).
const HINTS = (openapi as unknown as { components: { schemas: { UiHint: { enum: UiHint[] } } } })
  .components.schemas.UiHint.enum;

describe("UI hints", () => {
  it("gives every hint the server can send its own widget, never the plain text box", () => {
    expect(HINTS.length).toBeGreaterThanOrEqual(8);
    const base = { name: "p", label: "P", description: "", advanced: false };
    for (const hint of HINTS) {
      const schema = hint === "slider" ? { type: "number" as const, minimum: 0, maximum: 1 }
        : hint === "select" ? { type: "string" as const, enum: ["a", "b"] } : { type: "string" as const };
      expect(hintedField(hint, base, { ...schema, ui: hint }).kind, hint).not.toBe("text");
    }
  });

  it("shows a brush for strokes and an upload field for audio", () => {
    expect(describeField("strokes", { type: "array", ui: "brush" }).kind).toBe("brush");
    expect(describeField("asset_id", { type: "string", ui: "audio-upload" }))
      .toMatchObject({ kind: "upload", accept: "audio" });
  });
});
