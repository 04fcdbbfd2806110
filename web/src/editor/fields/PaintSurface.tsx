// The picture with its paint layer, painted on with the pointer: used in the node and in the paint dialog.
// Finished strokes go to `onStroke`; the stroke being drawn is shown live on top of the finished ones.

import { useCallback, useEffect, useRef, useState, type PointerEvent } from "react";
import { drawStrokes, extendPath, MAX_BRUSH, paintStroke, toImagePixels, type BrushSettings, type Stroke }
  from "./strokes";

export interface PaintSurfaceProps {
  /** The picture painted on; null paints on a black canvas of `width` × `height`. */
  imageUrl: string | null;
  width: number;
  height: number;
  /** False while the picture's size is not known yet: nothing can be painted then. */
  ready: boolean;
  strokes: Stroke[];
  brush: BrushSettings;
  /** Show the mask the strokes make (white on black) instead of the painted picture. */
  showMask: boolean;
  /** The canvas's own resolution on its long side; the picture's pixels are mapped onto it. */
  resolution: number;
  onStroke(stroke: Stroke): void;
  onImageSize?(width: number, height: number): void;
  testId: string;
  /** The tallest it may be, as a CSS length; its width follows from the picture's proportions. */
  maxHeight: string;
}

export function PaintSurface({ imageUrl, width, height, ready, strokes, brush, showMask, resolution, onStroke,
  onImageSize, testId, maxHeight }: PaintSurfaceProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  /** The finished strokes, drawn off screen when they change and copied onto `canvas` on each frame. */
  const finished = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<Stroke | null>(null);
  const [ring, setRing] = useState<{ x: number; y: number } | null>(null);
  const scale = Math.min(1, resolution / Math.max(width, height));
  const pixels = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };

  const present = useCallback(() => {
    const context = canvas.current?.getContext("2d");
    if (!context || !finished.current) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, pixels.width, pixels.height);
    context.drawImage(finished.current, 0, 0);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    if (drawing.current) paintStroke(context, drawing.current, scale, showMask);
  }, [scale, showMask, pixels.width, pixels.height]);

  useEffect(() => {
    finished.current ??= document.createElement("canvas");
    finished.current.width = pixels.width;
    finished.current.height = pixels.height;
    const context = finished.current.getContext("2d");
    if (!context) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    drawStrokes(context, strokes, scale, showMask);
    present();
  }, [present, strokes, showMask, scale, pixels.width, pixels.height]);

  const pointAt = (event: PointerEvent) =>
    toImagePixels(event.clientX, event.clientY, event.currentTarget.getBoundingClientRect(), width, height);

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || !ready) return;
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    const size = Math.min(MAX_BRUSH, Math.max(1, brush.size));
    drawing.current = { points: [pointAt(event)], color: brush.color, size, hardness: brush.hardness, opacity: 1,
      erase: brush.erase };
    drawing.current.points = extendPath([], drawing.current.points[0], size);
    present();
  };

  const onPointerMove = (event: PointerEvent) => {
    const box = event.currentTarget.getBoundingClientRect();
    setRing({ x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height });
    const stroke = drawing.current;
    if (!stroke) return;
    const points = extendPath(stroke.points, pointAt(event), stroke.size);
    if (points === stroke.points) return;
    drawing.current = { ...stroke, points };
    present();
  };

  const finish = () => {
    const stroke = drawing.current;
    drawing.current = null;
    if (stroke) onStroke(stroke);
  };

  return (
    <div data-testid={testId} data-painting-width={width} data-painting-height={height}
      className={`nodrag nopan nowheel relative mx-auto touch-none select-none overflow-hidden rounded-md bg-black
        ${ready ? "cursor-none" : "cursor-not-allowed"}`}
      style={{ aspectRatio: `${width} / ${height}`, width: `min(100%, calc(${maxHeight} * ${width / height}))` }}
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={finish} onPointerCancel={finish}
      onPointerLeave={() => setRing(null)}>
      {imageUrl && (
        <img src={imageUrl} alt="Painted picture" draggable={false}
          className={`pointer-events-none absolute inset-0 h-full w-full object-fill ${showMask ? "invisible" : ""}`}
          onLoad={(e) => onImageSize?.(e.currentTarget.naturalWidth, e.currentTarget.naturalHeight)} />
      )}
      <canvas ref={canvas} width={pixels.width} height={pixels.height} data-testid={`${testId}-canvas`}
        className="pointer-events-none absolute inset-0 h-full w-full" />
      {ring && ready && (
        <span aria-hidden className="pointer-events-none absolute rounded-full border border-white
          mix-blend-difference"
          style={{ left: `${ring.x * 100}%`, top: `${ring.y * 100}%`, width: `${brush.size / width * 100}%`,
            aspectRatio: "1", transform: "translate(-50%, -50%)" }} />
      )}
    </div>
  );
}
