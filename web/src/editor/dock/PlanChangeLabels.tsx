// Over each node the previewed plan would change: its new parameter values beside the ones it has now; and around
// the node a "which one?" choice is pointed at, an outline. Drawn in the canvas's own coordinates, so they move and
// zoom with the nodes they sit on.

import { useMemo } from "react";
import { useInternalNode, ViewportPortal } from "@xyflow/react";
import { useEditor } from "../store/editorStore";
import { changedNodes } from "./ghosts";
import { pointedChoice, previewedPlan, usePreview } from "./preview";

/** The outline around the node a "which one?" choice in the dock names, while the choice is pointed at. */
function PointedOutline({ nodeId }: { nodeId: string }) {
  const node = useInternalNode(nodeId);
  if (!node) return null;
  const { x, y } = node.internals.positionAbsolute;
  const width = node.measured.width ?? node.width ?? 256;
  const height = node.measured.height ?? node.height ?? 80;
  return (
    <div data-testid="pointed-node" data-node-id={nodeId}
      className="pointer-events-none absolute left-0 top-0 rounded-2xl ring-4 ring-amber-400 ring-offset-4
        ring-offset-transparent dark:ring-amber-300"
      style={{ transform: `translate(${x}px, ${y}px)`, width, height }} />
  );
}

export function PlanChangeLabels() {
  const plan = usePreview(previewedPlan);
  const nodes = useEditor((s) => s.nodes);
  const specs = useEditor((s) => s.specsByType);
  const changed = useMemo(() => (plan ? changedNodes(plan, nodes, specs) : []), [plan, nodes, specs]);
  const pointed = usePreview(pointedChoice);
  if (changed.length === 0 && !pointed) return null;
  return (
    <ViewportPortal>
      {pointed && <PointedOutline nodeId={pointed} />}
      {changed.map((node) => (
        <div key={node.id} data-testid="plan-change" data-node-id={node.id}
          className="pointer-events-none absolute left-0 top-0 w-64 pb-2"
          style={{ transform: `translate(${node.position.x}px, ${node.position.y}px) translateY(-100%)` }}>
          <div className="rounded-lg border border-amber-300 bg-amber-50/95 px-2.5 py-1.5 text-[11px] text-amber-900
            shadow-md dark:border-amber-500/50 dark:bg-amber-950/90 dark:text-amber-100">
            <p className="font-semibold">✦ Will change {node.title}</p>
            <ul>
              {node.rows.map((row) => (
                <li key={row.name}>
                  {row.label}: <span className="line-through opacity-60">{row.before}</span> → <b>{row.value}</b>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ))}
    </ViewportPortal>
  );
}
