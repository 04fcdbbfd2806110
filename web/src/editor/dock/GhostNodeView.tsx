// A planned node, drawn as a ghost until the plan is applied: its title, its ports (so the planned edges reach
// them) and the parameters the planner set. Nothing in it can be clicked or edited.

import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { PortHandles } from "../nodes/PortHandles";
import { useEditor } from "../store/editorStore";
import { plannedParams, type GhostNode } from "./ghosts";

function GhostNodeView({ data }: NodeProps<GhostNode>) {
  const spec = useEditor((s) => s.specsByType.get(data.nodeType));
  const rows = plannedParams(spec, data.params);
  return (
    <div data-testid="ghost-node" data-plan-id={data.planId} data-node-type={data.nodeType}
      aria-label={`Planned: ${data.title ?? spec?.title ?? data.nodeType}`}
      className="w-64 animate-node-in rounded-xl border-2 border-dashed border-accent/70 bg-white/70 text-zinc-800
        shadow-lg shadow-accent/10 backdrop-blur-[1px] dark:bg-zinc-900/70 dark:text-zinc-100">
      <div className="flex items-center gap-2 px-3 pt-2.5 pb-1.5">
        <span className="text-accent" aria-hidden="true">✦</span>
        <span className="min-w-0 flex-1 truncate text-[13px] font-semibold">
          {data.title ?? spec?.title ?? data.nodeType}
        </span>
        <span className="rounded-full bg-accent/15 px-2 py-0.5 text-[10px] font-medium text-accent">New</span>
      </div>
      {spec && <PortHandles inputs={spec.inputs} outputs={spec.outputs} />}
      {rows.length > 0 && (
        <dl className="space-y-0.5 px-3 pb-3 text-[11px]" data-testid="ghost-params">
          {rows.map((row) => (
            <div key={row.name} className="flex gap-2">
              <dt className="shrink-0 text-zinc-500 dark:text-zinc-400">{row.label}</dt>
              <dd className="min-w-0 truncate font-medium" title={row.value}>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

export default memo(GhostNodeView);
