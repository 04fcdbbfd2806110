// How far a picture drawn at full size on the viewer's stage has come: its size once it has drawn, or why it could not
// be, and whether the preview standing in for it meanwhile came (FullPicture.tsx draws it).

import { useCallback, useState } from "react";
import type { Size } from "./zoom";

/** Why a picture's place is empty: the file did not come or could not be decoded (`unloaded`), or came and has
 * nothing a browser can draw. */
export type Broken = "unloaded" | "undrawable";

export interface PictureLoad {
  /** The picture's own size in pixels, once its file has come and drawn. */
  size: Size | null;
  broken: Broken | null;
  /** The stand-in did not come either: the words that the picture loads stay, over an empty place. */
  previewBroken: boolean;
}

const UNLOADED: PictureLoad = { size: null, broken: null, previewBroken: false };

export type PictureLoading = PictureLoad & { update(change: Partial<PictureLoad>): void };

/** How far the picture drawn from `src` has come. Another `src` starts over, and so does the same one drawn again
 * (a picture compared anew after it failed is asked for anew). */
export function usePictureLoad(src: string | null): PictureLoading {
  const [state, setState] = useState({ src, ...UNLOADED });
  if (state.src !== src) setState({ src, ...UNLOADED });
  const update = useCallback((change: Partial<PictureLoad>) => setState((now) => ({ ...now, ...change })), []);
  return { ...(state.src === src ? state : UNLOADED), update };
}
