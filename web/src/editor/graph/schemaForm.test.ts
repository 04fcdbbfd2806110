import { describe, expect, it } from "vitest";
import { spec } from "../../test/specs";
import { defaultParams, describeField, fieldsOf } from "./schemaForm";

describe("schema → form fields", () => {
  it("builds one field per parameter with the kind its schema asks for", () => {
    const kinds = Object.fromEntries(fieldsOf(spec("tool.mask_extractor").params_schema).map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ mode: "select", color: "color", tolerance: "slider", iterations: "number",
      invert: "boolean" });
    expect(fieldsOf(spec("input.prompt").params_schema)[0].kind).toBe("textarea");
    expect(fieldsOf(spec("input.image").params_schema)[0]).toMatchObject({ kind: "upload", accept: "image" });
  });

  it("keeps slider bounds and integer steps from the schema", () => {
    const quality = fieldsOf(spec("output.save").params_schema).find((f) => f.name === "quality");
    expect(quality).toMatchObject({ kind: "slider", min: 1, max: 100, step: 1, integer: true });
  });

  it("falls back to a number box when a slider has no bounds", () => {
    expect(describeField("x", { type: "number", ui: "slider" }).kind).toBe("number");
  });

  it("describes nullable fields by their non-null branch", () => {
    const field = describeField("seed", { anyOf: [{ type: "integer" }, { type: "null" }], title: "Seed" });
    expect(field).toMatchObject({ kind: "number", integer: true, label: "Seed" });
  });

  it("marks advanced fields", () => {
    expect(describeField("x", { type: "string", advanced: true }).advanced).toBe(true);
  });

  it("starts new nodes from every schema default", () => {
    expect(defaultParams(spec("output.save").params_schema)).toMatchObject({ format: "png", quality: 90 });
  });
});
