// "Download workflow": the graph on screen saved as a workflow file, the JSON document `karate run` takes (and the
// API accepts), named after the project. Each upload node in it names the file put in it, so `karate run` on another
// machine, where the studio's stored files are not, can say which file to give that node (--set NODE.path=FILE).

import { getAsset } from "../api/assets";
import type { NodeSpec, WorkflowDocument } from "../api/types";
import { UNTITLED } from "../api/workflows";
import { toDocument } from "./graph/document";
import { fieldsOf } from "./graph/schemaForm";
import { useEditor } from "./store/editorStore";
import { sharedWorkflowId } from "./store/graphSlice";

/** How long the file's address outlives the click: the browser reads it after the click returns. */
const KEEP_URL_MS = 60_000;

/** The file's name: the project's title without what file systems refuse (/ \ : * ? " < > | and control
 * characters), or "workflow" when nothing is left. */
export function workflowFileName(title: string): string {
  const name = title.replace(/[\p{C}\\/:*?"<>|]+/gu, " ").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  return `${name || "workflow"}.json`;
}

/** The file's text: `{"title", "schema_version", "nodes", "edges"}` (and the group frames), as the editor saves it:
 * the project's `title` as it is (its file's name cannot hold a colon or a slash; a project made of the file takes
 * it back whole, and `karate run` reads the key); not the dashboard picture, which names a stored file of this
 * studio only. */
export function workflowFileText(document: WorkflowDocument, title?: string): string {
  return `${JSON.stringify(title === undefined ? document : { title, ...document }, null, 2)}\n`;
}

/** `document` with a file name on every upload node that holds a file: a node saved before nodes kept the name of
 * their file is given its file's own (`nameOf`: the name in the asset's record, null when there is none). */
export async function withFileNames(document: WorkflowDocument, specsByType: Map<string, NodeSpec>,
  nameOf: (assetId: string) => Promise<string | null>): Promise<WorkflowDocument> {
  const nodes = await Promise.all(document.nodes.map(async (node) => {
    const upload = fieldsOf(specsByType.get(node.type)?.params_schema).find((field) => field.kind === "upload");
    const nameParam = upload?.kind === "upload" ? upload.nameParam : null;
    const params = node.params ?? {};
    const assetId = upload ? params[upload.name] : undefined;
    const kept = nameParam ? params[nameParam] : undefined;
    if (!nameParam || typeof assetId !== "string" || !assetId || (typeof kept === "string" && kept.trim())) {
      return node;
    }
    const name = await nameOf(assetId).catch(() => null);  // a file the studio no longer has: left unnamed
    return name ? { ...node, params: { ...params, [nameParam]: name } } : node;
  }));
  return { ...document, nodes };
}

/** Save the graph on screen as "<project title>.json". */
export async function downloadWorkflow(): Promise<void> {
  const { nodes, edges, workflow, specsByType } = useEditor.getState();
  const shared = sharedWorkflowId(workflow);  // someone else's project: its files are read as its inputs
  const nameOf = async (assetId: string) =>
    (await getAsset(assetId, shared ? { workflowId: shared } : undefined)).filename;
  const saved = await withFileNames(toDocument(nodes, edges), specsByType, nameOf);
  const title = workflow?.title ?? UNTITLED;
  const file = new Blob([workflowFileText(saved, title)], { type: "application/json" });
  const url = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = url;
  link.download = workflowFileName(title);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}
