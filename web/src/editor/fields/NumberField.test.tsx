// What is typed into a number field stays as typed; only a number in range reaches the graph.
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { FieldDescriptor } from "../graph/schemaForm";
import { NumberField } from "./NumberField";

const cropX: Extract<FieldDescriptor, { kind: "number" }> = {
  name: "x", label: "Crop X", description: "", advanced: false, kind: "number", min: 0, max: 65535, step: 1,
  integer: true };

/** The field over a value held like the graph holds it; `sent` lists every value the field sent. */
function Harness({ initial, sent }: { initial: unknown; sent: number[] }) {
  const [value, setValue] = useState<unknown>(initial);
  return <NumberField field={cropX} value={value} nodeId="crop-1" inputId="f"
    onChange={(next) => { sent.push(next as number); setValue(next); }} />;
}

const input = () => screen.getByLabelText<HTMLInputElement>("Crop X");
/** Types `text` one keystroke at a time, as a person does. */
const typeSlowly = (text: string) => {
  fireEvent.change(input(), { target: { value: "" } });
  for (let end = 1; end <= text.length; end += 1) fireEvent.change(input(), { target: { value: text.slice(0, end) } });
};

describe("NumberField", () => {
  it.each(["-50", "1e400", "0.5", "9e999", "99999999999"])("shows %s as typed, flagged, and sends nothing", (text) => {
    const sent: number[] = [];
    render(<Harness initial={10} sent={sent} />);
    typeSlowly(text);
    expect(input().value).toBe(text);
    expect(input()).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent(/Crop X.*whole number from 0 to 65535/);
    expect(sent.every((value) => value >= 0 && value <= 65535 && Number.isInteger(value))).toBe(true);
    expect(sent).not.toContain(50);
    expect(sent).not.toContain(1400);
  });

  it("sends a number in exponent notation as that number and keeps the text", () => {
    const sent: number[] = [];
    render(<Harness initial={10} sent={sent} />);
    typeSlowly("2e3");
    expect(sent.at(-1)).toBe(2000);
    expect(input().value).toBe("2e3");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("names the value the node keeps while the text is not valid", () => {
    render(<Harness initial={10} sent={[]} />);
    fireEvent.change(input(), { target: { value: "-5" } });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Crop X must be a whole number from 0 to 65535 (the node keeps 10 until then)");
  });

  it("goes back to the value from before the edit, not a number typed on the way", () => {
    const sent: number[] = [];
    render(<Harness initial={10} sent={sent} />);
    fireEvent.focus(input());
    typeSlowly("99999999");  // 9, 99, ... 9999 are valid on the way; 99999 is not
    expect(sent.at(-1)).toBe(10);
    expect(screen.getByRole("alert")).toHaveTextContent("(the node keeps 10 until then)");
  });

  it("flags a value out of range that the graph already holds", () => {
    render(<Harness initial={99999999999} sent={[]} />);
    expect(input().value).toBe("99999999999");
    expect(screen.getByRole("alert")).toHaveTextContent("Crop X must be a whole number from 0 to 65535");
  });

  it("shows a stored text that is not a number as stored, flagged, not as 0 or empty", () => {
    render(<NumberField field={cropX} value="abc" nodeId="crop-1" inputId="f" onChange={() => undefined} />);
    expect(input().value).toBe("abc");
    expect(input()).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent(
      'Crop X must be a whole number from 0 to 65535; "abc" is not a number');
  });

  it("replaces a stored text that is not a number with the number typed over it", () => {
    const sent: number[] = [];
    render(<Harness initial="abc" sent={sent} />);
    fireEvent.change(input(), { target: { value: "12" } });
    expect(sent).toEqual([12]);
    expect(input().value).toBe("12");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("steps with the arrow keys", () => {
    const sent: number[] = [];
    render(<Harness initial={10} sent={sent} />);
    fireEvent.keyDown(input(), { key: "ArrowUp" });
    expect(sent).toEqual([11]);
    expect(input().value).toBe("11");
  });
});
