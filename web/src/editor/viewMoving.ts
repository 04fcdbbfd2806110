// While the view moves (clear of a notice, of a panel), the canvas says so (data-view-moving): what measures nodes
// on screen waits for its end. Moves may overlap (a panel opening as a notice's move is under way); the canvas is
// still once every one has ended, however it ended.

import type { Viewport } from "@xyflow/react";

/** Room past a move's duration for its last frame to be drawn (ms). */
const LAST_FRAME = 100;

const moves = new WeakMap<HTMLElement, number>();

/** Mark `canvas` moving; the answer ends the mark (a second call does nothing). */
export function markViewMoving(canvas: HTMLElement): () => void {
  moves.set(canvas, (moves.get(canvas) ?? 0) + 1);
  canvas.dataset.viewMoving = "true";
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const left = (moves.get(canvas) ?? 1) - 1;
    moves.set(canvas, left);
    if (left === 0) delete canvas.dataset.viewMoving;
  };
}

/** Move the view to `view` over `duration` ms, `canvas` marked moving until the move ends: finished, or cut short by
 * another move. xyflow settles a move's promise only when it finishes, never when cut short, so a move is taken to
 * be over by its duration at the latest. */
export function moveView(canvas: HTMLElement, setViewport: (view: Viewport, options: { duration: number }) =>
  Promise<boolean>, view: Viewport, duration: number): void {
  const still = markViewMoving(canvas);
  const late = setTimeout(still, duration + LAST_FRAME);
  void setViewport(view, { duration }).finally(() => { clearTimeout(late); still(); });
}
