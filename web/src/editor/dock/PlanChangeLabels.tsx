// Over each node the previewed plan would change: its new parameter values beside the ones it has now. Drawn in
// the canvas's own coordinates, so the labels move and zoom with the nodes they sit on.

import { useMemo } from "react";
import { ViewportPortal } from "@xyflow/react";
import { useEditor } from "../store/editorStore";
import { changedNodes } from "./ghosts";
import { previewedPlan, usePreview } from "./preview";

export function PlanChangeLabels() {
  const plan = usePreview(previewedPlan);
  const nodes = useEditor((s) => s.nodes);
  const specs = useEditor((s) => s.specsByType);
  const changed = useMemo(() => (plan ? changedNodes(plan, nodes, specs) : []), [plan, nodes, specs]);
  if (changed.length === 0) return null;
  return (
    <ViewportPortal>
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
