import { describe, expect, it } from "vitest";
import { spec } from "../../test/specs";
import { defaultParams, describeField, fieldsOf, isShown } from "./schemaForm";

describe("schema → form fields", () => {
  it("builds one field per parameter with the kind its schema asks for", () => {
    const kinds = Object.fromEntries(fieldsOf(spec("tool.mask_extractor").params_schema).map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ mode: "select", color: "color", tolerance: "slider", iterations: "number",
      invert: "boolean" });
    expect(fieldsOf(spec("input.prompt").params_schema)[0].kind).toBe("textarea");
    expect(fieldsOf(spec("input.image").params_schema)[0]).toMatchObject({ kind: "upload", accept: "image" });
  });

  it("shows an upload node's file name in its upload field, not as a field of its own", () => {
    const fields = fieldsOf(spec("input.image").params_schema);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([["asset_id", "upload"]]);
    expect(fields[0]).toMatchObject({ nameParam: "filename" });
    // a Save node's file name is one the user types
    expect(fieldsOf(spec("output.save").params_schema).find((f) => f.name === "filename")?.kind).toBe("text");
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

  it("shows a field only for the values of another that it means something with (visible_when)", () => {
    const save = spec("output.save").params_schema;
    const field = (name: string) => fieldsOf(save).find((f) => f.name === name)!;
    const defaults = defaultParams(save);
    expect(field("quality").visibleWhen).toEqual({ format: ["jpg", "webp"] });
    expect(isShown(field("quality"), {}, defaults)).toBe(false);  // a new Save node is PNG
    expect(isShown(field("quality"), { format: "jpg" }, defaults)).toBe(true);
    expect(isShown(field("compression"), { format: "png" }, defaults)).toBe(true);
    expect(isShown(field("compression"), { format: "webp" }, defaults)).toBe(false);
    expect(isShown(field("format"), { format: "webp" }, defaults)).toBe(true);  // no condition: always
  });

  it("gives a text field the schema's example as its placeholder and the server's words for its pattern", () => {
    expect(fieldsOf(spec("output.save").params_schema).find((f) => f.name === "filename")).toMatchObject({
      kind: "text", placeholder: "e.g. holiday-photo",
      patternMessage: "Use only letters, digits, spaces, dots, dashes and underscores in the file name" });
  });

  it("starts new nodes from every schema default", () => {
    expect(defaultParams(spec("output.save").params_schema)).toMatchObject({ format: "png", quality: 90 });
  });
});
