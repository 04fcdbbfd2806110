import { describe, expect, it } from "vitest";
import { placeInWindow } from "../menus/keepInWindow";
import { extendPath, strokesOf, toImagePixels } from "./strokes";

describe("brush strokes", () => {
  it("maps a pointer on the shown picture to the picture's own pixels, whatever the zoom", () => {
    const box = { left: 100, top: 50, width: 200, height: 100 } as DOMRect;
    expect(toImagePixels(200, 100, box, 1000, 500)).toEqual([500, 250]);
    expect(toImagePixels(100, 50, box, 1000, 500)).toEqual([0, 0]);
  });

  it("keeps a path short: points closer than a tenth of the brush add nothing", () => {
    let path = extendPath([], [10.04, 10], 40);
    expect(path).toEqual([[10, 10]]);
    path = extendPath(path, [12, 10], 40);
    expect(path).toHaveLength(1);
    path = extendPath(path, [15, 10], 40);
    expect(path).toEqual([[10, 10], [15, 10]]);
  });

  it("reads only well-formed strokes from a parameter, filling in what older files leave out", () => {
    expect(strokesOf("[]")).toEqual([]);
    expect(strokesOf([{ points: [] }, { points: [[1, 2]], color: "red", size: 5 }])).toEqual([
      { points: [[1, 2]], color: "#ffffff", size: 5, hardness: 1, opacity: 1, erase: false }]);
  });
});

describe("popups near the window's edge", () => {
  const window = { width: 1000, height: 800 };
  it("opens where asked when it fits", () => {
    expect(placeInWindow({ x: 100, y: 100 }, { width: 288, height: 300 }, window)).toEqual({ left: 100, top: 100 });
  });
  it("flips to the other side of the point near the right and bottom edges", () => {
    expect(placeInWindow({ x: 900, y: 700 }, { width: 288, height: 300 }, window)).toEqual({ left: 612, top: 400 });
  });
  it("clamps inside the window when neither side fits", () => {
    expect(placeInWindow({ x: 50, y: 790 }, { width: 288, height: 900 }, window)).toEqual({ left: 50, top: 8 });
  });
});
