// A node's number in its header where two or more nodes share its name ("(2)" after "Blur"), as the dock, the
// connection labels and the run's notices number them (graph/nodeNames), so a person sees which Blur "Blur (2)" is.

import type { NodeSpec } from "../../api/types";
import { canvasNames, shownTitle } from "../graph/nodeNames";
import { useEditor } from "../store/editorStore";
import { isStudioNode, type EditorNode } from "../types";

let numberedFrom: ReadonlyMap<string, string> | null = null;
let numbers = new Map<string, string>();

/** "(2)" by node id for each namesake; worked out once per set of names for all nodes (each of 500 nodes asks). */
function namesakeNumbers(nodes: EditorNode[], specs: ReadonlyMap<string, NodeSpec>): Map<string, string> {
  const names = canvasNames(nodes, specs);
  if (numberedFrom === names) return numbers;
  numberedFrom = names;
  numbers = new Map();
  for (const node of nodes) {
    if (!isStudioNode(node)) continue;
    const title = shownTitle(node, specs);
    const name = names.get(node.id);
    if (name && name !== title && name.startsWith(title)) numbers.set(node.id, name.slice(title.length).trim());
  }
  return numbers;
}

export function NamesakeNumber({ nodeId }: { nodeId: string }) {
  const number = useEditor((s) => namesakeNumbers(s.nodes, s.specsByType).get(nodeId));
  if (!number) return null;
  return (
    <span data-testid="node-number"
      title={`Other nodes share this name: the AI dock and connection labels call this one by its number ${number}`}
      className="shrink-0 text-[12px] font-medium tabular-nums text-zinc-500 dark:text-zinc-400">
      {number}
    </span>
  );
}
