// "Open workflow file": a workflow file (the .json "Download workflow" saves, see workflowFile.ts) made a new
// project, from the dashboard (its button, or the file dropped on it) or dropped on an editor's canvas. Pictures it
// names by path (as `karate run` reads them) can't be read by the browser: the project's upload nodes keep their
// names, and a notice says which to add (namedFiles.ts). Nodes it gives no position are laid out (graph/layout.ts).

import { ApiError } from "../api/client";
import type { Workflow, WorkflowDocument } from "../api/types";
import { createWorkflow, TITLE_MAX_LENGTH, UNTITLED } from "../api/workflows";
import { layoutUnplaced } from "./graph/layout";
import { FILE_INPUTS, fileNameOf } from "./namedFiles";
import { hasText, isRecord, notAGraph, type NotAWorkflowReason, notJson } from "./notAWorkflow";

/** What a workflow file is, for the words that refuse a file that is not one. */
export const WORKFLOW_FILE_IS = "A workflow file is the .json file that “Download workflow” in the editor saves: "
  + "it lists a graph's nodes and connections.";

/** A file that holds no workflow: its message says so, why (`reason`, see notAWorkflow.ts) and what a workflow file
 * is. */
export class NotAWorkflowFile extends Error {
  constructor(fileName: string, readonly why: NotAWorkflowReason) {
    super(`“${fileName}” is not a workflow file: ${why.reason}. ${WORKFLOW_FILE_IS}`);
  }
}

/** Whether a file is meant as a workflow file (a .json, or a file the browser calls JSON), not a picture or a sound. */
export function isWorkflowFileName(file: File): boolean {
  return /\.json$/i.test(file.name) || file.type === "application/json";
}


/** The project's title: the file's own ("title", which some hand-written files hold), else its name without
 * ".json"; without what no title may hold (control characters), at most as long as the server takes. */
function titleOf(parsed: Record<string, unknown>, fileName: string): string {
  const own = typeof parsed.title === "string" ? parsed.title : "";
  const named = own.trim() ? own : fileName.replace(/\.json$/i, "");
  const clean = named.replace(/\p{C}+/gu, " ").replace(/\s+/g, " ").trim().slice(0, TITLE_MAX_LENGTH).trim();
  return clean || UNTITLED;
}

/** `node` with the file it names by `path` (an upload node of a file `karate run` reads) kept as its file's name,
 * without the path: the browser cannot read a file by its path, and the server takes none (it would refuse the run).
 * The editor then asks for that file on the node (namedFiles.ts); a stored file it names by id is kept. */
function withoutPath(node: Record<string, unknown>): Record<string, unknown> {
  const params = node.params;
  if (!FILE_INPUTS[String(node.type)] || !isRecord(params) || !("path" in params)) return node;
  const { path, ...rest } = params;
  const name = typeof path === "string" ? fileNameOf(path.trim()) : "";
  return { ...node, params: !name || hasText(rest.asset_id) ? rest : { ...rest, filename: name } };
}

/** The workflow a file holds and the title of a project made of it; files its upload nodes name by path are kept as
 * the names of the files to add (withoutPath). Throws NotAWorkflowFile when it holds none, saying why (notAWorkflow.ts):
 * not JSON, or no list of nodes each with an id and a type. Nodes of types this studio lacks are kept (the editor shows them as unknown). Its dashboard
 * picture is left out: it names a stored file of the studio it came from. */
export async function readWorkflowFile(file: File): Promise<{ title: string; document: WorkflowDocument }> {
  const text = await file.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NotAWorkflowFile(file.name, notJson(text, error));
  }
  const why = notAGraph(parsed);
  if (why !== null) throw new NotAWorkflowFile(file.name, why);
  const graph = parsed as Record<string, unknown> & { nodes: Array<Record<string, unknown>>; edges?: unknown[] | null };
  const { title: _title, thumbnail: _thumbnail, ...rest } = graph;
  const document = { schema_version: 1, ...rest,
    nodes: graph.nodes.map(withoutPath) as unknown, edges: (graph.edges ?? []) as unknown,
  } as WorkflowDocument;
  // a file written for the command line gives no positions: left to right by depth, not all on one spot
  const laidOut = layoutUnplaced(document);
  document.nodes = document.nodes.map((node) => {
    const at = laidOut.get(node.id);
    return at ? { ...node, position: { x: at.x, y: at.y } } : node;
  });
  return { title: titleOf(graph, file.name), document };
}

/** A new project made of a workflow file (see readWorkflowFile), numbered apart from one of the same title
 * ("Poster (2)"); when its upload nodes name files, the editor says which to add as it opens the project
 * (namedFilesNotice.ts). Throws an error whose message says, in a sentence
 * naming the file, why it could not: not a workflow file, or the server's refusal. */
export async function openWorkflowFile(file: File): Promise<Workflow> {
  const { title, document } = await readWorkflowFile(file);
  try {
    // a file opened again is told apart from the project it made before: "Poster (2)", decided by the server
    return await createWorkflow(title, document, true);
  } catch (error) {
    // the server's words (a document it refuses says what is wrong in it), as a sentence naming the file
    const why = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, "");
    const fix = error instanceof ApiError && error.status === 422 ? " Correct that in the file, or download the "
      + "workflow again from the project it came from." : "";
    throw new Error(`“${file.name}” could not be opened as a project: ${why}.${fix}`);
  }
}
