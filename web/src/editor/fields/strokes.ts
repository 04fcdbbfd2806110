// Brush strokes as the Painter node stores them (its `strokes` parameter), and how the editor draws them.
// Coordinates are image pixels from the top-left corner; the server renders the same strokes for the run.

/** One stroke, as karate/nodes/tools/painter.py's `Stroke` model validates it. */
export interface Stroke {
  points: Array<[number, number]>;
  color: string;
  /** Brush diameter in image pixels (1..2000). */
  size: number;
  /** 0: a soft edge fading from the centre, 1: a crisp edge. */
  hardness: number;
  opacity: number;
  erase: boolean;
}

/** What the toolbar sets for the next stroke. */
export interface BrushSettings {
  size: number;
  hardness: number;
  color: string;
  erase: boolean;
}

export const DEFAULT_BRUSH: BrushSettings = { size: 40, hardness: 0.8, color: "#ff3366", erase: false };
export const MAX_POINTS = 100_000;
export const MAX_BRUSH = 2000;

const HEX = /^#[0-9a-f]{6}$/i;

/** The strokes of a parameter value; anything that is not a list of strokes (a hand-edited file) is none. */
export function strokesOf(value: unknown): Stroke[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Stroke => typeof item === "object" && item !== null
    && Array.isArray((item as Stroke).points) && (item as Stroke).points.length > 0)
    .map((stroke) => ({
      ...stroke,
      color: typeof stroke.color === "string" && HEX.test(stroke.color) ? stroke.color : "#ffffff",
      size: typeof stroke.size === "number" ? stroke.size : 20,
      hardness: typeof stroke.hardness === "number" ? stroke.hardness : 1,
      opacity: typeof stroke.opacity === "number" ? stroke.opacity : 1,
      erase: stroke.erase === true,
    }));
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The path with `point` added, unless it is closer than a small fraction of the brush to the last point
 * (a slow hand sends hundreds of pointer events that change nothing). */
export function extendPath(points: Array<[number, number]>, point: [number, number], size: number):
  Array<[number, number]> {
  const rounded: [number, number] = [round(point[0]), round(point[1])];
  const last = points[points.length - 1];
  if (last && Math.hypot(rounded[0] - last[0], rounded[1] - last[1]) < Math.max(0.5, size / 10)) return points;
  if (points.length >= MAX_POINTS) return points;
  return [...points, rounded];
}

/** A pointer position on the shown picture, in the picture's pixels (CSS transforms, e.g. the canvas zoom,
 * are in the element's box). */
export function toImagePixels(clientX: number, clientY: number, box: DOMRect, width: number, height: number):
  [number, number] {
  return [(clientX - box.left) / box.width * width, (clientY - box.top) / box.height * height];
}

/** Draw one stroke on a canvas whose transform maps image pixels to canvas pixels by `scale`; an eraser
 * removes paint already on this canvas (the picture lies under it, untouched). */
export function paintStroke(context: CanvasRenderingContext2D, stroke: Stroke, scale: number, mask = false): void {
  context.save();
  context.globalCompositeOperation = stroke.erase ? "destination-out" : "source-over";
  context.globalAlpha = stroke.opacity;
  context.strokeStyle = context.fillStyle = mask ? "#ffffff" : stroke.color;
  // A soft brush is drawn as a blurred crisp one, cheap and close to the server's linear fall-off over
  // (1 - hardness) of the radius: a gaussian whose sigma is about a third of that ramp looks alike.
  const softness = (1 - stroke.hardness) * stroke.size / 7 * scale;
  context.filter = softness > 0.3 ? `blur(${softness}px)` : "none";
  const core = stroke.size * (stroke.hardness + (1 - stroke.hardness) / 2);
  context.lineWidth = core;
  context.lineCap = "round";
  context.lineJoin = "round";
  const [first, ...rest] = stroke.points;
  context.beginPath();
  if (rest.length === 0) {
    context.arc(first[0], first[1], core / 2, 0, Math.PI * 2);
    context.fill();
  } else {
    context.moveTo(first[0], first[1]);
    for (const [x, y] of rest) context.lineTo(x, y);
    context.stroke();
  }
  context.restore();
}

/** Draw the whole paint layer afresh: strokes in the order they were painted. */
export function drawStrokes(context: CanvasRenderingContext2D, strokes: Stroke[], scale: number, mask = false):
  void {
  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, context.canvas.width, context.canvas.height);
  context.restore();
  for (const stroke of strokes) paintStroke(context, stroke, scale, mask);
}
