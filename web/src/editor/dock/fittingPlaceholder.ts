// The AI dock field's placeholder in as many words as the field has room for: its example, cut off mid-word where
// the dock's buttons take the row (Dismiss after a plan, a phone's narrow dock), said nothing; shorter words are
// chosen instead.

import { useEffect, useState } from "react";

/** The placeholders, longest first: each says what the field is for, the longer ones with an example. */
export const DOCK_PLACEHOLDERS = [
  "Describe a workflow, e.g. “upload an image, blur it, invert and save”",
  "Describe a workflow, e.g. “blur an image and save it”",
  "Describe a workflow",
] as const;

/** The first of `options` (longest first) whose width (`widthOf`, px) fits in `room` px; the last where none does. */
export function fittingText(options: readonly string[], room: number, widthOf: (text: string) => number): string {
  return options.find((text) => widthOf(text) <= room) ?? options[options.length - 1];
}

/** How wide `text` is drawn in `field`'s font (px): measured on a hidden span, as the field would draw it. */
function textWidth(field: HTMLElement, text: string): number {
  const probe = document.createElement("span");
  const style = getComputedStyle(field);
  Object.assign(probe.style, { position: "absolute", visibility: "hidden", whiteSpace: "pre", font: style.font,
    letterSpacing: style.letterSpacing });
  probe.textContent = text;
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return width;
}

/** The longest of `options` that `field` (null: not drawn) shows whole, measured again whenever its width changes. */
export function useFittingPlaceholder(field: HTMLInputElement | null,
  options: readonly string[] = DOCK_PLACEHOLDERS): string {
  const [text, setText] = useState(options[0]);
  useEffect(() => {
    if (!field) return;
    const measure = () => {
      const style = getComputedStyle(field);
      const room = field.clientWidth - parseFloat(style.paddingLeft || "0") - parseFloat(style.paddingRight || "0");
      setText(fittingText(options, room, (candidate) => textWidth(field, candidate)));
    };
    measure();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(field);
    return () => observer?.disconnect();
  }, [field, options]);
  return text;
}
