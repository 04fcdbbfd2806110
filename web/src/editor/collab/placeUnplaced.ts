// A project whose shared document holds nodes without a position (made through the API or the command line) is
// laid out as it opens, as an opened workflow file is (graph/layout.ts), not shown with every node on one spot.

import * as Y from "yjs";
import type { StoreApi } from "zustand";
import { layoutUnplaced, type XY } from "../graph/layout";
import type { EditorState } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import type { EditorNode } from "../types";
import { documentOf, roots, setJson } from "./ydoc";

/** The origin of the layout's write: no one's undo takes it back (the undo manager tracks only the editor's own). */
export const LAYOUT_ORIGIN = "layout";

/** Where `layoutUnplaced` puts the document's nodes without a position, by node id; empty when all have one. The
 * document's order of its nodes is the order the server sent them in, the same for every page: two pages opening
 * the project at once compute, and write, the same positions. */
export const unplacedLayout = (doc: Y.Doc): Map<string, XY> => layoutUnplaced(documentOf(doc));

/** Write the positions of the document's nodes without one (`unplacedLayout`), in one transaction that is not an
 * undo step; the positions written. */
export function placeUnplaced(doc: Y.Doc): Map<string, XY> {
  const placed = unplacedLayout(doc);
  if (placed.size === 0) return placed;
  const { nodes } = roots(doc);
  doc.transact(() => {
    for (const [id, at] of placed) {
      const node = nodes.get(id);
      if (node instanceof Y.Map) setJson(node, "position", at);
    }
  }, LAYOUT_ORIGIN);
  return placed;
}

/** `nodes` with the positions in `placed`: a view-only page shows the layout without writing it (the server would
 * not take it). */
const withPositions = (nodes: EditorNode[], placed: ReadonlyMap<string, XY>): EditorNode[] =>
  nodes.map((node) => {
    const at = placed.get(node.id);
    return at ? { ...node, position: { ...at } } : node;
  });

/** Once the live document `doc` is attached to `editor`: lay out its nodes without a position, for everyone (a page
 * that may only view: on its screen alone), and fit the view to them. */
export function placeOnOpen(doc: Y.Doc, editor: Pick<StoreApi<EditorState>, "getState" | "setState">): void {
  const viewOnly = readOnly(editor.getState().workflow);
  const placed = viewOnly ? unplacedLayout(doc) : placeUnplaced(doc);
  if (placed.size === 0) return;
  if (viewOnly) editor.setState((state) => ({ nodes: withPositions(state.nodes, placed) }));
  editor.getState().requestFitView();
}
