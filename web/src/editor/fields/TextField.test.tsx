// A text parameter with a pattern says what the server would say of a value it refuses: once the user leaves the
// field, then as they type, in the server's own words (the schema's pattern_message); its placeholder is the
// schema's short example, not its long description.
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { ParamSchema } from "../../api/types";
import { describeField, type FieldDescriptor } from "../graph/schemaForm";
import { patternProblem, serverPattern } from "./textPattern";
import { TextareaField, TextField } from "./TextField";

const NOT_A_WEB_ADDRESS =
  "URL must be a web address starting with http:// or https://, such as https://example.com/photo.jpg";
// input.image_url's `url` as GET /api/v1/nodes describes it (tests/engine/test_url_filter.py holds the server to it)
const URL_SCHEMA: ParamSchema = {
  default: "", description: "http:// or https:// address of a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF image",
  examples: ["https://example.com/photo.jpg"], maxLength: 4096, pattern: "^[hH][tT][tT][pP][sS]?://[^/?#\\s]+",
  pattern_message: NOT_A_WEB_ADDRESS, title: "URL", type: "string",
};
const url = describeField("url", URL_SCHEMA) as Extract<FieldDescriptor, { kind: "text" }>;
const fileName = describeField("filename", { type: "string", pattern: "^[\\w\\- .]*$", title: "Filename",
  pattern_message: "Use only letters, digits, spaces, dots, dashes and underscores in the file name" }) as
  Extract<FieldDescriptor, { kind: "text" }>;

function Harness({ initial = "" }: { initial?: string }) {
  const [value, setValue] = useState<unknown>(initial);
  return <TextField field={url} value={value} nodeId="image_url-1" inputId="f" onChange={setValue} />;
}

const input = () => screen.getByLabelText<HTMLInputElement>("URL");

describe("a text field with a pattern", () => {
  it("says nothing while an address is typed, the server's words once the field is left, and clears when fixed",
    () => {
      render(<Harness />);
      expect(input()).toHaveAttribute("placeholder", "e.g. https://example.com/photo.jpg");
      fireEvent.focus(input());
      fireEvent.change(input(), { target: { value: "www.example.com/cat.png" } });
      expect(screen.queryByRole("alert")).toBeNull();
      fireEvent.blur(input());
      expect(screen.getByRole("alert")).toHaveTextContent(NOT_A_WEB_ADDRESS);
      expect(input()).toHaveAttribute("aria-invalid", "true");
      fireEvent.focus(input());
      fireEvent.change(input(), { target: { value: "https://example.com/cat.png" } });
      expect(screen.queryByRole("alert")).toBeNull();  // fixed as it is typed, without leaving the field
      expect(input()).not.toHaveAttribute("aria-invalid");
    });

  it("flags a wrong address that arrives with the graph at once, and an empty one not at all", () => {
    const { unmount } = render(<Harness initial="ftp://example.com/cat.png" />);
    expect(screen.getByRole("alert")).toHaveTextContent(NOT_A_WEB_ADDRESS);
    unmount();
    render(<Harness />);
    fireEvent.focus(input());
    fireEvent.blur(input());
    expect(screen.queryByRole("alert")).toBeNull();  // nothing typed yet: the check before a run says what to do
  });

  it("reads the server's patterns as the server does: web addresses in any case, file names in any script", () => {
    expect(patternProblem("HTTPS://Example.com/a.png", url)).toBeNull();
    expect(patternProblem("https://", url)).toBe(NOT_A_WEB_ADDRESS);
    expect(patternProblem("Café Ωmega_ファイル-1.final", fileName)).toBeNull();
    expect(patternProblem("holiday/photo", fileName)).toMatch(/^Use only letters/);
    expect(serverPattern("[")).toBeNull();  // one it can't compile is left to the check before a run
  });
});

describe("a multi-line text field", () => {
  const prompt = describeField("text", { type: "string", title: "Text", maxLength: 20, ui: "textarea" }) as
    Extract<FieldDescriptor, { kind: "textarea" }>;

  function Prompt({ initial }: { initial: string }) {
    const [value, setValue] = useState<unknown>(initial);
    return <TextareaField field={prompt} value={value} nodeId="prompt-1" inputId="p" onChange={setValue} />;
  }

  it("says when a text reached its limit, since the browser cuts what is pasted past it without a word", () => {
    const { unmount } = render(<Prompt initial="a short prompt" />);
    expect(screen.queryByTestId("field-full")).toBeNull();
    unmount();
    render(<Prompt initial={"x".repeat(20)} />);
    expect(screen.getByTestId("field-full")).toHaveTextContent("Text holds at most 20 characters");
    expect(screen.getByLabelText("Text")).toHaveAttribute("aria-describedby", "p-full");
  });
});
