// The browser tab says which project it holds: "Poster – Karate AI – Design Studio", so several open projects (and
// the windows of two people's work) are told apart in the tab strip and the window list.

import { useEffect } from "react";
import { useEditor } from "../store/editorStore";
import { withoutInvisibleEnds } from "./useAutosave";

/** The page's own title (index.html), shown alone where no project is open. */
export const STUDIO_TITLE = "Karate AI – Design Studio";

export function useDocumentTitle(): void {
  const title = useEditor((s) => s.workflow?.title ?? null);
  useEffect(() => {
    const shown = title === null ? "" : withoutInvisibleEnds(title);
    document.title = shown ? `${shown} – ${STUDIO_TITLE}` : STUDIO_TITLE;
  }, [title]);
  useEffect(() => () => { document.title = STUDIO_TITLE; }, []);
}
