// Two nodes added at the same moment on two pages (two tabs, two people) can land on one spot: each page chose the
// free spot of the graph it had, and neither had the other's node yet. Once the two adds merge, one of the nodes
// moves to the nearest free spot: the one added by the page with the higher Yjs client id (a tie-break every page
// tells alike), moved by that page alone, which writes where it went into the document once, for everyone. A page
// closed just after adding leaves its node where it landed: no one else moves a node they did not add.

import { useEffect } from "react";
import * as Y from "yjs";
import { create, type StoreApi } from "zustand";
import { useShowInView } from "../hooks/useCanvasCentre";
import { clearance, estimatedSize, freeSpot, type Box, type SizeOfType } from "../palette/freeSpot";
import type { EditorState } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import { isStudioNode, type EditorNode } from "../types";
import { roots, setJson } from "./ydoc";

/** Adds this close together (ms) count as made at the same moment, neither page knowing of the other's. */
export const SAME_MOMENT_MS = 10_000;

/** The origin of the move's write: no one's undo takes it back (undoing the add still takes the node away). */
export const SAME_SPOT_ORIGIN = "same-spot";

/** The graph as this page shows it: nodes as measured, how big a type not measured yet is, whether it may edit. */
export interface ShownGraph {
  nodes: EditorNode[];
  sizeOf: SizeOfType;
  editable: boolean;
}

/** The graph on the editor's canvas. */
export const shownBy = (editor: Pick<StoreApi<EditorState>, "getState">) => (): ShownGraph => {
  const { nodes, specsByType, workflow, collab } = editor.getState();
  return { nodes, sizeOf: (nodeType) => estimatedSize(specsByType.get(nodeType)),
    editable: !readOnly(workflow) && collab !== "connecting" && collab !== "closed" };
};

/** The nodes this page last moved clear (flow units), for its canvas to bring into view (useKeepMovedInView). */
export const useMovedClear = create<{ moved: Box[] | null }>(() => ({ moved: null }));

/** Bring the nodes this page moves clear into view, as a node clicked in is: its user sees where it went. */
export function useKeepMovedInView(): void {
  const moved = useMovedClear((s) => s.moved);
  const showInView = useShowInView();
  useEffect(() => {
    if (moved) showInView(moved);
  }, [moved, showInView]);
}

/** The page that wrote node `id` into the document: its entry's Yjs client id. */
const writerOf = (nodes: { _map: Map<string, Y.Item> }, id: string): number | undefined => nodes._map.get(id)?.id.client;

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Where this page's nodes added at the same moment as others' and landed on one of them go (by id, with their
 * size): for each such pair, the node of the page with the higher client id (`me` or the other's writer) goes to the
 * nearest free spot. */
export function sameSpotMoves(shown: ShownGraph, mine: string[], theirs: string[], me: number,
  writer: (id: string) => number | undefined): Map<string, Box> {
  const moves = new Map<string, Box>();
  let nodes = shown.nodes;
  for (const id of mine) {
    const node = nodes.find((n) => n.id === id);
    if (!node || !isStudioNode(node) || node.parentId) continue;  // in a frame: placed there on purpose
    const { boxes } = clearance(nodes, node.data.nodeType, shown.sizeOf);
    const box = boxes.get(id);
    const beaten = box && theirs.some((other) => {
      const at = boxes.get(other);
      return at !== undefined && overlaps(box, at) && (writer(other) ?? Infinity) < me;
    });
    if (!box || !beaten) continue;
    const at = freeSpot(nodes.filter((n) => n.id !== id), node.position, node.data.nodeType, shown.sizeOf);
    moves.set(id, { ...box, ...at });
    nodes = nodes.map((n) => (n.id === id ? { ...n, position: at } : n));  // the next one keeps clear of it too
  }
  return moves;
}

/** Watch `doc` for nodes added by others at the same moment as this page's own, landed on them; move this page's
 * that lose the tie-break (sameSpotMoves), after the editor shows the others' (`shown`). Also when another's such
 * node moves onto one of this page's (three added at once: two moved out to the same spot). The watch's end. */
export function watchSameSpot(doc: Y.Doc, shown: () => ShownGraph, now: () => number = Date.now): () => void {
  const { nodes } = roots(doc);
  const added = new Map<string, { at: number; mine: boolean }>();
  let pending = false;
  const recent = (mine: boolean) => [...added].filter(([, add]) => add.mine === mine).map(([id]) => id);

  const check = () => {
    pending = false;
    const graph = shown();
    // still this page's own entry: not taken back, nor overwritten by another's node of the same id
    const mine = recent(true).filter((id) => writerOf(nodes, id) === doc.clientID);
    const theirs = recent(false);
    if (!graph.editable || mine.length === 0 || theirs.length === 0) return;
    const moves = sameSpotMoves(graph, mine, theirs, doc.clientID, (id) => writerOf(nodes, id));
    if (moves.size === 0) return;
    doc.transact(() => {
      for (const [id, at] of moves) {
        const node = nodes.get(id);
        if (node instanceof Y.Map) setJson(node, "position", { x: at.x, y: at.y });
      }
    }, SAME_SPOT_ORIGIN);
    useMovedClear.setState({ moved: [...moves.values()] });
  };

  const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    const since = now() - SAME_MOMENT_MS;
    for (const [id, add] of added) if (add.at < since) added.delete(id);
    let arrived = false;
    for (const event of events) {
      if (event.path.length === 0) {
        for (const [id, change] of event.changes.keys) {
          if (change.action === "delete") added.delete(id);
          else added.set(id, { at: now(), mine: transaction.local });
          arrived ||= !transaction.local && change.action !== "delete";
        }
      } else if (!transaction.local && event.path.length === 1 && event.changes.keys.has("position")) {
        arrived ||= added.get(String(event.path[0]))?.mine === false;
      }
    }
    // once the editor shows what arrived (it reflects the document as the transaction ends)
    if (arrived && !pending) {
      pending = true;
      queueMicrotask(check);
    }
  };
  nodes.observeDeep(onChange);
  return () => {
    nodes.unobserveDeep(onChange);
    useMovedClear.setState({ moved: null });  // another project's canvas has nothing to bring into view
  };
}
