import { useSyncExternalStore } from "react";

// Where the node palette goes: beside the canvas on a screen wide enough, always; over the canvas on a narrow one (a
// phone), where it would cover most of it, only while opened (the store's `paletteOpen`).

/** Screens this wide (Tailwind's md) show the palette beside the canvas, always. */
const BESIDE_CANVAS = "(min-width: 768px)";

/** Whether this screen shows the palette beside the canvas. */
export const paletteBesideCanvas = (): boolean => window.matchMedia(BESIDE_CANVAS).matches;

/** Whether the palette is open over the canvas now (a narrow screen, opened): the one case where closing it shows. */
export const paletteOverCanvas = (open: boolean): boolean => open && !paletteBesideCanvas();

function onScreenChange(changed: () => void): () => void {
  const query = window.matchMedia(BESIDE_CANVAS);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
}

/** Whether the screen is a phone's (narrower than Tailwind's md, where the palette goes over the canvas), kept up to
 * date as the window is resized. */
export const useNarrowScreen = (): boolean => useSyncExternalStore(onScreenChange, () => !paletteBesideCanvas(),
  () => false);
