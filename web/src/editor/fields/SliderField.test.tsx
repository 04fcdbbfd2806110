// A slider shows the value its node holds: one that is not a number (a file, the API) is shown as stored and
// flagged in words, never as the slider's end.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FieldDescriptor } from "../graph/schemaForm";
import { SliderField } from "./SliderField";

const radius: Extract<FieldDescriptor, { kind: "slider" }> = {
  name: "radius", label: "Radius", description: "", advanced: false, kind: "slider", min: 0, max: 200, step: 1,
  integer: false };

function renderSlider(value: unknown, sent: unknown[] = []) {
  render(<SliderField field={radius} value={value} nodeId="blur-1" inputId="f" onChange={(next) => sent.push(next)} />);
  return screen.getByLabelText<HTMLInputElement>("Radius");
}

describe("SliderField", () => {
  it("shows a stored text that is not a number as stored, flagged with what to do", () => {
    const slider = renderSlider("abc");
    expect(screen.getByTestId("slider-value")).toHaveTextContent('"abc"');
    expect(screen.getByTestId("slider-value")).not.toHaveTextContent(/^0$/);
    expect(slider).toHaveAttribute("aria-invalid", "true");
    expect(slider).toHaveAttribute("aria-valuetext", "abc");
    expect(screen.getByRole("alert")).toHaveTextContent(
      'Radius must be a number from 0 to 200; "abc" is not a number; drag the slider to choose one');
  });

  it.each([[true, "true"], [null, "null"], [{ r: 4 }, '{"r":4}']])("flags a stored %j as not a number", (value, text) => {
    renderSlider(value);
    expect(screen.getByTestId("slider-value")).toHaveTextContent(text);
    expect(screen.getByRole("alert")).toHaveTextContent(`Radius must be a number from 0 to 200; ${text} is not a number`);
  });

  it("flags a stored empty text", () => {
    renderSlider("");
    expect(screen.getByTestId("slider-value")).toHaveTextContent('""');
    expect(screen.getByRole("alert")).toHaveTextContent("Enter a number from 0 to 200 for Radius");
  });

  it("reads a number stored as text as that number, as the server does", () => {
    const slider = renderSlider("12.5");
    expect(slider.value).toBe("12.5");
    expect(screen.getByTestId("slider-value")).toHaveTextContent("12.5");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("flags a number out of range as it is", () => {
    renderSlider(500);
    expect(screen.getByTestId("slider-value")).toHaveTextContent("500");
    expect(screen.getByRole("alert")).toHaveTextContent("Radius must be a number from 0 to 200");
  });

  it("sends the number dragged to, which clears the flag", () => {
    const sent: unknown[] = [];
    const slider = renderSlider("abc", sent);
    fireEvent.change(slider, { target: { value: "40" } });
    expect(sent).toEqual([40]);
  });

  it("shows a number in range without a flag", () => {
    renderSlider(4);
    expect(screen.getByTestId("slider-value")).toHaveTextContent("4");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
