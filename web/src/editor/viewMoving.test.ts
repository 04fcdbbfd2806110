import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { markViewMoving, moveView } from "./viewMoving";

const VIEW = { x: 10, y: -40, zoom: 1 };

describe("moveView", () => {
  let canvas: HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers();
    canvas = document.createElement("div");
  });
  afterEach(() => vi.useRealTimers());
  const moving = () => canvas.dataset.viewMoving === "true";

  it("says the view moves until the move finishes", async () => {
    let finish: (done: boolean) => void = () => {};
    moveView(canvas, () => new Promise((resolve) => { finish = resolve; }), VIEW, 200);
    expect(moving()).toBe(true);
    finish(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(moving()).toBe(false);
  });

  it("ends with its duration when another move cuts it short (xyflow never settles it then)", async () => {
    moveView(canvas, () => new Promise(() => {}), VIEW, 200);
    await vi.advanceTimersByTimeAsync(200);
    expect(moving()).toBe(true);  // its last frame may still be drawn
    await vi.advanceTimersByTimeAsync(200);
    expect(moving()).toBe(false);
  });

  it("keeps the canvas moving until every one of overlapping moves has ended", async () => {
    let finish: (done: boolean) => void = () => {};
    moveView(canvas, () => new Promise(() => {}), VIEW, 200);  // cut short by the next
    moveView(canvas, () => new Promise((resolve) => { finish = resolve; }), VIEW, 1000);
    await vi.advanceTimersByTimeAsync(400);
    expect(moving()).toBe(true);
    finish(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(moving()).toBe(false);
  });

  it("ends a mark once however often it is ended", () => {
    const first = markViewMoving(canvas);
    const second = markViewMoving(canvas);
    first();
    first();
    expect(moving()).toBe(true);
    second();
    expect(moving()).toBe(false);
  });
});
