// The dashboard's "Open workflow file" button: it makes a new project of a workflow file (the .json "Download
// workflow" saves), as dropping one anywhere on the dashboard does (useWorkflowFileDrop).

import { useRef } from "react";

/** The button and its hidden file picker; `onOpen` gets the file chosen. */
export function OpenWorkflowFileButton({ onOpen }: { onOpen(file: File): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()}
        title="Make a new project of a workflow file (.json) saved with “Download workflow”">
        Open workflow file
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden data-testid="open-workflow-file"
        aria-label="Workflow file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";  // the same file chosen again opens again
          if (file) onOpen(file);
        }} />
    </>
  );
}
