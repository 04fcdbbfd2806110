// Zoom and pan of a picture in the viewer: pure view maths (scale, then offset in CSS pixels of the stage).

export interface Size {
  width: number;
  height: number;
}

/** The picture drawn at `scale` (1 = one picture pixel per CSS pixel) with its top-left corner at (x, y). */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;
/** Room left around a fitted picture, in CSS pixels. */
const FIT_MARGIN = 24;

const clamp = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** The picture whole and centred in the stage, as large as fits up to its real size: a small picture (a 40×30 icon)
 * shows at 100%, as browsers and photo viewers show one, not blown up to fill the screen (zoom in to see its pixels). */
export function fitView(stage: Size, picture: Size): View {
  const room = { width: Math.max(1, stage.width - 2 * FIT_MARGIN), height: Math.max(1, stage.height - 2 * FIT_MARGIN) };
  const scale = clamp(Math.min(1, room.width / picture.width, room.height / picture.height));
  return centred(stage, picture, scale);
}

/** The picture at `scale`, centred in the stage. */
export function centred(stage: Size, picture: Size, scale: number): View {
  return { scale, x: (stage.width - picture.width * scale) / 2, y: (stage.height - picture.height * scale) / 2 };
}

/** `view` zoomed to `scale`, keeping the picture point under `at` (stage coordinates) where it is. */
export function zoomTo(view: View, scale: number, at: { x: number; y: number }): View {
  const next = clamp(scale);
  const ratio = next / view.scale;
  return { scale: next, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

/** The zoom factor of one wheel event: smooth for trackpads, about 10% per mouse-wheel notch. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-pixels * 0.001);
}
