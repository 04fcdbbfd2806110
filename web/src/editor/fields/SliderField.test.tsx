// A slider shows the value its node holds: one that is not a number (a file, the API) is shown as stored and
// flagged in words, never as the slider's end. Its value opens into a box to type an exact number into.
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { useEditor } from "../store/editorStore";
import type { FieldDescriptor } from "../graph/schemaForm";
import { SliderField } from "./SliderField";

const radius: Extract<FieldDescriptor, { kind: "slider" }> = {
  name: "radius", label: "Radius", description: "", advanced: false, kind: "slider", min: 0, max: 200, step: 1,
  integer: false };
const halfSteps = { ...radius, step: 0.5 };

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
      'Radius must be a number from 0 to 200; "abc" is not a number; type a number or drag the slider');
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

/** The slider over a value held like the graph holds it; `sent` lists every value it sent. */
function Harness({ initial, sent }: { initial: unknown; sent: unknown[] }) {
  const [value, setValue] = useState<unknown>(initial);
  return <SliderField field={halfSteps} value={value} nodeId="blur-1" inputId="f"
    onChange={(next) => { sent.push(next); setValue(next); }} />;
}

const box = () => screen.getByRole<HTMLInputElement>("textbox", { name: "Radius" });
const slider = () => screen.getByRole<HTMLInputElement>("slider", { name: "Radius" });
/** Types `text` one keystroke at a time, as a person does. */
const typeSlowly = (text: string) => {
  for (let end = 1; end <= text.length; end += 1) fireEvent.change(box(), { target: { value: text.slice(0, end) } });
};

describe("SliderField's typed value", () => {
  afterEach(() => useEditor.setState({ fieldDrafts: {} }));

  it("opens from the value into a box for a phone's number pad, the value selected to type over", () => {
    render(<Harness initial={4} sent={[]} />);
    fireEvent.click(screen.getByRole("button", { name: /^Type a value for Radius: ?4$/ }));
    expect(box()).toHaveFocus();
    expect(box().value).toBe("4");
    expect(box()).toHaveAttribute("inputmode", "decimal");
    expect(box().selectionStart).toBe(0);
    expect(box().selectionEnd).toBe(1);
  });

  it("sends an exact value typed, off the slider's steps too, and closes on Enter", () => {
    const sent: unknown[] = [];
    render(<Harness initial={4} sent={sent} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    typeSlowly("12.25");
    expect(sent.at(-1)).toBe(12.25);
    expect(sent.every((value) => typeof value === "number")).toBe(true);
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.getByTestId("slider-value")).toHaveTextContent("12.25");
    expect(screen.getByTestId("slider-value")).toHaveFocus();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("takes a number typed with full-width digits (a Japanese or Chinese keyboard) as that number", () => {
    const sent: unknown[] = [];
    render(<Harness initial={4} sent={sent} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    fireEvent.change(box(), { target: { value: "１２．５" } });
    expect(sent).toEqual([12.5]);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(slider().value).toBe("12.5");
  });

  it.each([
    ["999", "Radius must be a number from 0 to 200 (the node keeps 4 until then)"],
    ["abc", 'Radius must be a number from 0 to 200; "abc" is not a number (the node keeps 4 until then)'],
    ["", "Enter a number from 0 to 200 for Radius (the node keeps 4 until then)"],
  ])("refuses %j in words, keeps the last good value and stays open to be put right", (text, words) => {
    const sent: unknown[] = [];
    render(<Harness initial={4} sent={sent} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    fireEvent.change(box(), { target: { value: text } });
    expect(sent).toEqual([]);
    expect(screen.getByRole("alert")).toHaveTextContent(words);
    expect(box()).toHaveAttribute("aria-invalid", "true");
    expect(box()).toHaveAccessibleDescription(words);
    fireEvent.keyDown(box(), { key: "Enter" });  // refused: Enter does not close it
    fireEvent.blur(box());
    expect(box().value).toBe(text);
    expect(slider().value).toBe("4");
    // Run refuses while the text is held (runGate)
    expect(useEditor.getState().fieldDrafts["f-typed"]).toMatchObject({ nodeId: "blur-1", label: "Radius", keeps: "4" });
  });

  it("goes back to the value from before the edit, not one typed on the way", () => {
    const sent: unknown[] = [];
    render(<Harness initial={4} sent={sent} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    typeSlowly("999");  // 9 and 99 are in range on the way
    expect(sent.at(-1)).toBe(4);
    expect(slider().value).toBe("4");
  });

  it("puts the node's value back on Escape and closes", () => {
    render(<Harness initial={4} sent={[]} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    fireEvent.change(box(), { target: { value: "-3" } });
    fireEvent.keyDown(box(), { key: "Escape" });
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.getByTestId("slider-value")).toHaveTextContent("4");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(useEditor.getState().fieldDrafts).toEqual({});
  });

  it("undoes a valid number typed on Escape: the node gets back the value it had when the box opened", () => {
    const sent: unknown[] = [];
    render(<Harness initial={20} sent={sent} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    fireEvent.change(box(), { target: { value: "150" } });
    expect(sent.at(-1)).toBe(150);  // a valid number goes to the node as typed
    fireEvent.keyDown(box(), { key: "Escape" });
    expect(sent.at(-1)).toBe(20);
    expect(screen.getByTestId("slider-value")).toHaveTextContent("20");
    expect(slider().value).toBe("20");
  });

  it("opens from the slider with Enter, and steps with the arrow keys", () => {
    const sent: unknown[] = [];
    render(<Harness initial={4} sent={sent} />);
    fireEvent.keyDown(slider(), { key: "Enter" });
    expect(box()).toHaveFocus();
    fireEvent.keyDown(box(), { key: "ArrowUp" });
    expect(sent).toEqual([4.5]);
    expect(box().value).toBe("4.5");
  });

  it("replaces a stored text that is not a number with the number typed", () => {
    const sent: unknown[] = [];
    render(<Harness initial="abc" sent={sent} />);
    expect(screen.getByRole("alert")).toHaveTextContent("type a number or drag the slider");
    fireEvent.click(screen.getByTestId("slider-value"));
    expect(box().value).toBe("abc");
    fireEvent.change(box(), { target: { value: "12.5" } });
    expect(sent).toEqual([12.5]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("closes a refused box when the slider is dragged, showing the value dragged to", () => {
    render(<Harness initial={4} sent={[]} />);
    fireEvent.click(screen.getByTestId("slider-value"));
    fireEvent.change(box(), { target: { value: "abc" } });
    fireEvent.blur(box());
    fireEvent.change(slider(), { target: { value: "40" } });
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.getByTestId("slider-value")).toHaveTextContent("40");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
