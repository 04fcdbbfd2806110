// Where a popup opened at a point goes so that it stays inside the window: flipped to the other side of the
// point when it would cross the right or bottom edge, then clamped to a margin.

export interface Box {
  width: number;
  height: number;
}

const MARGIN = 8;

export function placeInWindow(at: { x: number; y: number }, popup: Box, window: Box): { left: number; top: number } {
  const flipX = at.x + popup.width + MARGIN > window.width;
  const flipY = at.y + popup.height + MARGIN > window.height;
  const left = flipX ? at.x - popup.width : at.x;
  const top = flipY ? at.y - popup.height : at.y;
  return {
    left: Math.max(MARGIN, Math.min(left, window.width - popup.width - MARGIN)),
    top: Math.max(MARGIN, Math.min(top, window.height - popup.height - MARGIN)),
  };
}
