// Loads the node registry and the workflow named in the URL into the editor store.

import { useEffect, useState } from "react";
import { fetchNodeSpecs } from "../../api/nodes";
import { getWorkflow } from "../../api/workflows";
import { detachRun } from "../runner";
import { resetEditor, useEditor } from "../store/editorStore";

export type LoadState = { status: "loading" } | { status: "ready" } | { status: "error"; message: string };

export function useWorkflowLoader(workflowId: string | null): LoadState {
  const [state, setState] = useState<LoadState>({ status: "loading" });

  useEffect(() => {
    if (!workflowId) {
      setState({ status: "error", message: "No project was chosen." });
      return;
    }
    let live = true;
    setState({ status: "loading" });
    resetEditor();
    Promise.all([fetchNodeSpecs(), getWorkflow(workflowId)]).then(
      ([specs, workflow]) => {
        if (!live) return;
        const store = useEditor.getState();
        store.setSpecs(specs);
        store.loadDocument(workflow.document);
        store.setWorkflowMeta({ id: workflow.id, title: workflow.title, version: workflow.version });
        store.setSaveState("saved");
        setState({ status: "ready" });
      },
      (error: unknown) => {
        if (live) setState({ status: "error", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
      detachRun();
    };
  }, [workflowId]);

  return state;
}
