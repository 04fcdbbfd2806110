import { describe, expect, it } from "vitest";
import { PAN_STEP, panBy } from "./useKeyboardPan";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("the arrow keys on the canvas", () => {
  it("show what lies that way: the graph moves the other way", () => {
    expect(panBy(key("ArrowRight"))).toEqual({ x: -PAN_STEP, y: 0 });
    expect(panBy(key("ArrowLeft"))).toEqual({ x: PAN_STEP, y: 0 });
    expect(panBy(key("ArrowDown"))).toEqual({ x: 0, y: -PAN_STEP });
    expect(panBy(key("ArrowUp"))).toEqual({ x: 0, y: PAN_STEP });
  });

  it("go further with Shift", () => {
    expect(panBy(key("ArrowLeft", { shiftKey: true }))).toEqual({ x: 4 * PAN_STEP, y: 0 });
  });

  it("leave other keys, and arrows with Ctrl, ⌘ or Alt, to the browser", () => {
    expect(panBy(key("a"))).toBeNull();
    expect(panBy(key("ArrowLeft", { ctrlKey: true }))).toBeNull();
    expect(panBy(key("ArrowLeft", { metaKey: true }))).toBeNull();
    expect(panBy(key("ArrowLeft", { altKey: true }))).toBeNull();
  });
});
