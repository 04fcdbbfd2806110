// The notice of a project opened from a workflow file whose upload nodes name files by path (namedFiles.ts): as the
// editor opens it (useWorkflowLoader), it says how many files to add and which, into which node, and it goes once
// each is added.

import { nodeNames } from "./graph/nodeNames";
import { namedFile, namedFilesNotice, type NamedFile } from "./namedFiles";
import type { EditorState } from "./store/editorStore";
import { isStudioNode } from "./types";

/** The upload nodes of the editor's graph that name a file they do not hold. */
export function namedFilesOf(state: Pick<EditorState, "nodes" | "specsByType">): NamedFile[] {
  return state.nodes.filter(isStudioNode)
    .map((node) => namedFile(node.id, state.specsByType.get(node.data.nodeType), node.data.params ?? {}))
    .filter((file) => file !== null);
}

/** The notice of the files the upload nodes of the project just opened name and do not hold (a project made of a
 * workflow file that named its pictures by path), until each is added; nothing when none does. Every time such a
 * project opens, so that a reload or a later visit still says what is missing. */
export function noticeNamedFiles(state: EditorState): void {
  const files = namedFilesOf(state);
  if (files.length === 0) return;
  const names = nodeNames(state.nodes, state.specsByType);
  state.notify(namedFilesNotice(files, (id) => names.get(id) ?? id), "info",
    { sticky: true, over: (now) => namedFilesOf(now).length === 0 });
}
