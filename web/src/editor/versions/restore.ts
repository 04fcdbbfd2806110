// Restoring a version in the page: its document replaces the graph as one change of this user's (the
// store's replaceGraph, through the live document), so Undo (the toolbar's, Ctrl+Z, or the notice's) brings back
// the graph from before, and collaborators see it as any other edit. The graph it replaces is saved as a version
// first, so it stays in the list after the page is closed. The nodes it takes away are recorded as this user's
// deletions in the same change (collab/deletions.ts), so a collaborator who had changed one is told who removed it.

import type { NavigateFunction } from "react-router-dom";
import { copyVersion, getVersion, saveVersion, versionDiff } from "../../api/versions";
import { couldNot } from "../../api/client";
import type { WorkflowDocument } from "../../api/types";
import { bindingOf } from "../collab/binding";
import { useEditor } from "../store/editorStore";
import { useVersions } from "./store";

/** Save the graph as a version, then replace it with the version's, undoably; rejects (nothing changed) when
 * either cannot be done. */
export async function restoreInPage(workflowId: string, versionId: string): Promise<void> {
  const [version, diff] = await Promise.all([getVersion(workflowId, versionId), versionDiff(workflowId, versionId)]);
  const unchanged = [diff.added, diff.removed, diff.changed, diff.edges_added, diff.edges_removed]
    .every((part) => part.length === 0);
  if (unchanged) {  // the graph already is that version's (a second click): nothing to save or replace
    useEditor.getState().notify(`The graph already is version ${version.number}'s.`);
    return;
  }
  await saveVersion(workflowId, `Before restoring version ${version.number}`);
  // a version's document always has its nodes and edges (the schema only lets a request leave them out)
  const replace = () => useEditor.getState().replaceGraph(version.document as WorkflowDocument);
  const binding = bindingOf(useEditor.getState().graphDoc());
  if (binding) {
    binding.write(replace);  // a write of this user's records the nodes it deletes as theirs
    binding.undoManager.stopCapturing();  // the next edit is an undo step of its own
  } else replace();
  useEditor.getState().requestFitView();  // the restored graph may lie elsewhere on the canvas
  useVersions.setState({ restored: { number: version.number, at: Date.now() } });
}

/** Open a version as a new project of one's own (a copy of the exact graph) in the editor; says in words when the
 * copy could not be made. Resolves true once it navigated, false when it could not. */
export async function openVersionCopy(workflowId: string, versionId: string,
  navigate: NavigateFunction): Promise<boolean> {
  try {
    const workflow = await copyVersion(workflowId, versionId);
    void navigate(`/editor?id=${encodeURIComponent(workflow.id)}`);
    return true;
  } catch (error) {
    useEditor.getState().notify(couldNot("The copy could not be made", error), "error");
    return false;
  }
}
