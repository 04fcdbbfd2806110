// Zoom (wheel, buttons, Fit, 1:1) and pan (drag) of a picture inside a stage element.

import { useCallback, useEffect, useRef, useState, type MouseEvent, type PointerEvent, type RefObject } from "react";
import { centred, fitView, wheelFactor, zoomTo, type Size, type View } from "./zoom";

export interface ZoomPan {
  view: View | null;
  fit(): void;
  actualSize(): void;
  /** Zoom by `factor` about the stage's centre, or about `at` (stage coordinates). */
  zoomBy(factor: number, at?: { x: number; y: number }): void;
  dragging: boolean;
  handlers: {
    onPointerDown(event: PointerEvent<HTMLElement>): void;
    onPointerMove(event: PointerEvent<HTMLElement>): void;
    onPointerUp(event: PointerEvent<HTMLElement>): void;
    onDoubleClick(event: MouseEvent<HTMLElement>): void;
  };
}

const sizeOf = (element: HTMLElement): Size => ({ width: element.clientWidth, height: element.clientHeight });

/** `picture`: its natural size once known. The view starts fitted and stays fitted when the stage is resized,
 * until the user zooms or pans. */
export function useZoomPan(stage: RefObject<HTMLElement | null>, picture: Size | null): ZoomPan {
  const [view, setView] = useState<View | null>(null);
  const [dragging, setDragging] = useState(false);
  const fitted = useRef(true);
  const drag = useRef<{ x: number; y: number } | null>(null);

  const fit = useCallback(() => {
    if (!stage.current || !picture) return;
    fitted.current = true;
    setView(fitView(sizeOf(stage.current), picture));
  }, [stage, picture]);

  const actualSize = useCallback(() => {
    if (!stage.current || !picture) return;
    fitted.current = false;
    const size = sizeOf(stage.current);
    // keep what is in the middle of the stage in the middle; a picture that fits is simply centred
    setView((now) => now && (picture.width > size.width || picture.height > size.height)
      ? zoomTo(now, 1, { x: size.width / 2, y: size.height / 2 }) : centred(size, picture, 1));
  }, [stage, picture]);

  const zoomBy = useCallback((factor: number, at?: { x: number; y: number }) => {
    if (!stage.current) return;
    fitted.current = false;
    const size = sizeOf(stage.current);
    setView((now) => now && zoomTo(now, now.scale * factor, at ?? { x: size.width / 2, y: size.height / 2 }));
  }, [stage]);

  // eslint-disable-next-line react-hooks/set-state-in-effect -- fitting measures the stage, known once it is on screen
  useEffect(fit, [fit]);

  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(() => { if (fitted.current) fit(); });
    observer.observe(element);
    // not a React handler: React's wheel listeners are passive and cannot keep the page from scrolling
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      zoomBy(wheelFactor(event.deltaY, event.deltaMode), { x: event.clientX - box.left, y: event.clientY - box.top });
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      observer.disconnect();
      element.removeEventListener("wheel", onWheel);
    };
  }, [stage, fit, zoomBy]);

  const handlers: ZoomPan["handlers"] = {
    onPointerDown: (event) => {
      if (event.button !== 0) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      drag.current = { x: event.clientX, y: event.clientY };
      setDragging(true);
    },
    onPointerMove: (event) => {
      const from = drag.current;
      if (!from) return;
      const [dx, dy] = [event.clientX - from.x, event.clientY - from.y];
      drag.current = { x: event.clientX, y: event.clientY };
      fitted.current = false;
      setView((now) => now && { ...now, x: now.x + dx, y: now.y + dy });
    },
    onPointerUp: (event) => {
      if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
      drag.current = null;
      setDragging(false);
    },
    onDoubleClick: (event) => {
      // a double click toggles between the whole picture and its pixels under the pointer
      const box = event.currentTarget.getBoundingClientRect();
      if (fitted.current && view && view.scale !== 1) {
        fitted.current = false;
        setView(zoomTo(view, 1, { x: event.clientX - box.left, y: event.clientY - box.top }));
      } else fit();
    },
  };

  return { view, fit, actualSize, zoomBy, dragging, handlers };
}
