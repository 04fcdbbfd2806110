// Which node the keyboard's connection chooser is open for (ConnectChooser draws it), and the shortcut's way in:
// the node that has the focus, else the one node selected.

import { create } from "zustand";
import { refusedNow } from "./fields/lockedWords";
import { useEditor } from "./store/editorStore";
import { isStudioNode } from "./types";

export const useConnectChooser = create<{ nodeId: string | null }>(() => ({ nodeId: null }));

export function closeConnectChooser(): void {
  useConnectChooser.setState({ nodeId: null });
}

/** The node the keyboard is on: the focused node (or the node of the focused field), else the only selected one. */
function nodeAtHand(): string | null {
  const focused = document.activeElement?.closest<HTMLElement>("[data-testid=canvas] .react-flow__node")?.dataset.id;
  if (focused) return focused;
  const selected = useEditor.getState().nodes.filter((node) => node.selected);
  return selected.length === 1 ? selected[0].id : null;
}

/** Open the chooser for the node at hand; says what to do instead where there is none, or it is a frame, or the
 * project takes no change now. */
export function openConnectChooser(): void {
  const store = useEditor.getState();
  const nodeId = nodeAtHand();
  const node = store.nodes.find((n) => n.id === nodeId);
  if (!node || !isStudioNode(node)) {
    store.notify(node ? "A group has no outputs to connect: go to one of its nodes (Tab), then press L"
      : "Go to a node first (Tab, or click it), then press L to connect it to another node", "info");
    return;
  }
  if (refusedNow("Nothing was connected", "press L again", "connect its nodes")) return;
  useConnectChooser.setState({ nodeId: node.id });
}
