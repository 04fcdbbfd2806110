// A long list draws the rows its box shows and two either side, wherever it is scrolled to.

import { describe, expect, it } from "vitest";
import { visibleRows } from "./visibleRows";

describe("the rows a list draws", () => {
  it("draws the rows in view and two beyond, none before the first", () => {
    expect(visibleRows({ scrollTop: 0, height: 500, listTop: 0 }, 300, 100)).toEqual({ first: 0, end: 7 });
  });

  it("follows the scroll, counting what is above the list in its box", () => {
    expect(visibleRows({ scrollTop: 1040, height: 500, listTop: 40 }, 300, 100)).toEqual({ first: 8, end: 17 });
  });

  it("stops at the list's end, and draws nothing of an empty list", () => {
    expect(visibleRows({ scrollTop: 29_600, height: 500, listTop: 0 }, 300, 100)).toEqual({ first: 294, end: 300 });
    expect(visibleRows({ scrollTop: 0, height: 500, listTop: 0 }, 0, 100)).toEqual({ first: 0, end: 0 });
  });
});
