// Which palette sections are open, as the person left them: remembered in this browser (one preference for every
// section), so a section they opened is open the next time the editor opens.

import { useState } from "react";
import { readPreference, writePreference } from "../../app/preferences";

/** The preference's name (stored as "karate-palette-sections"): `{ [section family]: open }`. */
export const OPEN_SECTIONS_PREFERENCE = "palette-sections";

export type OpenSections = Readonly<Record<string, boolean>>;

/** Open unless the person closed it, except Models (the longest list), which stays closed until they open it. */
export const isSectionOpen = (sections: OpenSections, family: string): boolean =>
  sections[family] ?? family !== "models";

/** The remembered states; what is not a `{family: boolean}` object counts as nothing remembered. */
export function readOpenSections(): OpenSections {
  const stored = readPreference(OPEN_SECTIONS_PREFERENCE);
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter(([, open]) => typeof open === "boolean"));
}

/** Whether each section is open, and the function that records a section opened or closed by the person. */
export function useOpenSections(): [(family: string) => boolean, (family: string, open: boolean) => void] {
  const [sections, setSections] = useState(readOpenSections);
  const setOpen = (family: string, open: boolean) => {
    if (isSectionOpen(sections, family) === open) return;  // the browser saying what is already so
    const next = { ...sections, [family]: open };
    writePreference(OPEN_SECTIONS_PREFERENCE, next);
    setSections(next);
  };
  return [(family) => isSectionOpen(sections, family), setOpen];
}
