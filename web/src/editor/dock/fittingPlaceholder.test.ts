// The AI dock's placeholder is shown whole: the longest wording the field has room for, measured as the field
// narrows (Dismiss appears beside it) or widens again.
import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DOCK_PLACEHOLDERS, fittingText, useFittingPlaceholder } from "./fittingPlaceholder";

const [LONG, MIDDLE, SHORT] = DOCK_PLACEHOLDERS;
const CHAR_PX = 7;  // every character drawn 7px wide
const byLength = (text: string) => text.length * CHAR_PX;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("fittingText", () => {
  it("takes the longest wording that fits, the shortest where none does", () => {
    expect(fittingText(DOCK_PLACEHOLDERS, byLength(LONG), byLength)).toBe(LONG);
    expect(fittingText(DOCK_PLACEHOLDERS, byLength(LONG) - 1, byLength)).toBe(MIDDLE);
    expect(fittingText(DOCK_PLACEHOLDERS, byLength(MIDDLE) - 1, byLength)).toBe(SHORT);
    expect(fittingText(DOCK_PLACEHOLDERS, 10, byLength)).toBe(SHORT);
  });
});

describe("useFittingPlaceholder", () => {
  it("shortens the words when the field narrows and lengthens them when it widens again", () => {
    let observed: ResizeObserverCallback = () => {};
    vi.stubGlobal("ResizeObserver", class {
      constructor(callback: ResizeObserverCallback) { observed = callback; }
      observe() {}
      disconnect() {}
    });
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
      return { width: byLength(this.textContent ?? "") } as DOMRect;
    });
    const field = document.createElement("input");
    let width = byLength(LONG) + 20;
    Object.defineProperty(field, "clientWidth", { get: () => width });
    const { result } = renderHook(() => useFittingPlaceholder(field));
    expect(result.current).toBe(LONG);

    width = byLength(MIDDLE) + 20;  // Dismiss shows beside the field
    act(() => observed([], {} as ResizeObserver));
    expect(result.current).toBe(MIDDLE);

    width = 150;  // a phone's dock
    act(() => observed([], {} as ResizeObserver));
    expect(result.current).toBe(SHORT);

    width = byLength(LONG);
    act(() => observed([], {} as ResizeObserver));
    expect(result.current).toBe(LONG);
  });
});
