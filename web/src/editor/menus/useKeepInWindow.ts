// Keeps a popup opened at a point inside the window, measured after each render (its size follows its
// content, e.g. quick-add's list as the user types) and again when the window is resized.

import { useLayoutEffect, useRef } from "react";
import { placeInWindow } from "./keepInWindow";

export function useKeepInWindow<T extends HTMLElement>(at: { x: number; y: number } | null) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || !at) return;
    const place = () => {
      const { left, top } = placeInWindow(at, { width: element.offsetWidth, height: element.offsetHeight },
        { width: window.innerWidth, height: window.innerHeight });
      element.style.left = `${left}px`;
      element.style.top = `${top}px`;
    };
    place();
    window.addEventListener("resize", place);
    return () => window.removeEventListener("resize", place);
  });
  return ref;
}
