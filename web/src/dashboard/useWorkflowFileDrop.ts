// A workflow file dropped anywhere on the dashboard opens as a new project (see OpenWorkflowFile).

import { type DragEvent, useState } from "react";

/** Whether a drag carries files (not a card or text being dragged about the page). */
const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

/** The props that make an element take dropped workflow files, and whether files are over it now: the first file
 * dropped goes to `onOpen` (a project is one file). */
export function useWorkflowFileDrop(onOpen: (file: File) => void) {
  const [over, setOver] = useState(false);
  const props = {
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      setOver(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setOver(false);
      const file = event.dataTransfer.files[0];
      if (file) onOpen(file);
    },
  };
  return { over, props };
}
