// "Download workflow": the graph on screen saved as a workflow file, the JSON document `karate run` takes (and the
// API accepts), named after the project.

import { UNTITLED } from "../api/workflows";
import { toDocument } from "./graph/document";
import { useEditor } from "./store/editorStore";
import type { EditorEdge, EditorNode } from "./types";

/** How long the file's address outlives the click: the browser reads it after the click returns. */
const KEEP_URL_MS = 60_000;

/** The file's name: the project's title without what file systems refuse (/ \ : * ? " < > | and control
 * characters), or "workflow" when nothing is left. */
export function workflowFileName(title: string): string {
  const name = title.replace(/[\p{C}\\/:*?"<>|]+/gu, " ").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  return `${name || "workflow"}.json`;
}

/** The file's text: `{"schema_version", "nodes", "edges"}` (and the group frames), as the editor saves it; not the
 * dashboard picture, which names a stored file of this studio only. */
export function workflowFileText(nodes: EditorNode[], edges: EditorEdge[]): string {
  return `${JSON.stringify(toDocument(nodes, edges), null, 2)}\n`;
}

/** Save the graph on screen as "<project title>.json". */
export function downloadWorkflow(): void {
  const { nodes, edges, workflow } = useEditor.getState();
  const file = new Blob([workflowFileText(nodes, edges)], { type: "application/json" });
  const url = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = url;
  link.download = workflowFileName(workflow?.title ?? UNTITLED);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}
