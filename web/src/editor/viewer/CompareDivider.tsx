// The before/after divider: a line across the stage with a handle to drag (or move with the arrow keys);
// left of it the "before" picture, right of it the "after".

import { useRef, type KeyboardEvent, type PointerEvent } from "react";

const clamp = (value: number) => Math.min(100, Math.max(0, value));

export function CompareDivider({ position, onMove, beforeTitle, afterTitle }: {
  /** Percent of the stage's width. */
  position: number;
  onMove(position: number): void;
  beforeTitle: string;
  afterTitle: string;
}) {
  const line = useRef<HTMLDivElement>(null);
  const moveTo = (clientX: number) => {
    const stage = line.current?.parentElement?.getBoundingClientRect();
    if (stage && stage.width > 0) onMove(clamp(((clientX - stage.left) / stage.width) * 100));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.stopPropagation();  // the stage would pan
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event.clientX);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 10 : 1;
    const next = { ArrowLeft: position - step, ArrowRight: position + step, Home: 0, End: 100 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onMove(clamp(next));
  };
  return (
    <>
      <span data-testid="compare-before-label" className="pointer-events-none absolute left-3 top-3 max-w-[40%] truncate rounded bg-black/60 px-2 py-1
        text-xs text-white">Before · {beforeTitle}</span>
      <span data-testid="compare-after-label" className="pointer-events-none absolute right-3 top-3 max-w-[40%] truncate rounded bg-black/60 px-2 py-1
        text-xs text-white">After · {afterTitle}</span>
      <div ref={line} className="absolute inset-y-0 w-0.5 -translate-x-1/2 bg-white shadow-[0_0_4px_rgba(0,0,0,.6)]"
        style={{ left: `${position}%` }}>
        <div role="slider" tabIndex={0} aria-label="Before and after divider" aria-valuemin={0} aria-valuemax={100}
          aria-valuenow={Math.round(position)} aria-valuetext={`${Math.round(position)}% before`}
          data-testid="compare-handle" onPointerDown={onPointerDown} onPointerMove={onPointerMove}
          onKeyDown={onKeyDown} onDoubleClick={(event) => event.stopPropagation()}
          className="absolute left-1/2 top-1/2 flex h-9 w-9 -translate-x-1/2 -translate-y-1/2 cursor-ew-resize
            items-center justify-center rounded-full border-2 border-white bg-zinc-900/80 text-sm text-white
            shadow-lg focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent">
          ⇔
        </div>
      </div>
    </>
  );
}
