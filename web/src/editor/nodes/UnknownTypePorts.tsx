// A node of a type this studio does not know (a misspelt type in a workflow file, a project from a newer version):
// it has no spec to draw ports from, so it draws those its wires use, named as the wires name them, and its wires
// show, as the server counts them. What it says: that the type is unknown, and how to replace it or delete it.

import { useMemo, type ReactNode } from "react";
import { useEditor } from "../store/editorStore";
import { PortHandles } from "./PortHandles";
import { replaceWords, wiredPorts, type WiredPorts } from "./unknownPorts";

/** The handles of an unknown node's wired ports (drawn, taking no new wire: nothing says what they take), and
 * `words`: what the node says of its type, then `action` (a button replacing it) when given, else how to replace it
 * by hand when it has wires. */
export function UnknownTypePorts({ nodeId, nodeType, words, labels, action }: {
  nodeId: string; nodeType: string; words: string; labels: boolean; action?: ReactNode;
}) {
  // one string, so the node redraws only when its own wires change, not at every edit of the graph
  const wired = useEditor((s) => JSON.stringify(wiredPorts(nodeId, s.edges, s.nodes, s.specsByType)));
  const ports = useMemo(() => JSON.parse(wired) as WiredPorts, [wired]);
  // worked out when the specs change, not in a selector run at every change of the store (a drag's every frame)
  const specs = useEditor((s) => s.specsByType);
  const replace = useMemo(() => replaceWords(nodeType, specs), [nodeType, specs]);
  const hasWires = ports.inputs.length > 0 || ports.outputs.length > 0;
  return (
    <>
      <PortHandles inputs={ports.inputs} outputs={ports.outputs} labels={labels} connectable={false} />
      <div data-testid="node-unknown-type" role="note" className="mx-3 mb-3 rounded-md bg-red-50 px-2 py-1.5
        text-[11px] text-red-700 dark:bg-red-950/40 dark:text-red-300">
        <p className="font-semibold">Unknown node type</p>
        <p>{words}</p>
        {action ?? (hasWires && <p className="mt-1" data-testid="node-unknown-replace">{replace}</p>)}
      </div>
    </>
  );
}
