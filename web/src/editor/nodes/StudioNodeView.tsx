// The one generic node: every registry type renders through it, driven by the type's schema.

import { memo } from "react";
import { useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { ParamForm } from "../fields/ParamForm";
import { isModelSpec } from "../graph/providers";
import { categoryFamily } from "../graph/search";
import { useEditor } from "../store/editorStore";
import type { StudioNode } from "../types";
import { ModelRouteInfo } from "./ModelRouteInfo";
import { PortHandles } from "./PortHandles";
import { ResultPreview } from "./ResultPreview";
import { ProgressBar, StatusBadge } from "./StatusBadge";

/** Below this zoom, forms are unreadable: nodes draw only their title and ports (far fewer DOM nodes). */
const DETAIL_ZOOM = 0.45;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

const CATEGORY_DOT: Record<string, string> = {
  inputs: "bg-amber-400", tools: "bg-indigo-400", outputs: "bg-emerald-400", models: "bg-pink-400",
};

function StudioNodeView({ id, data, selected }: NodeProps<StudioNode>) {
  const spec = useEditor((s) => s.specsByType.get(data.nodeType));
  const run = useEditor((s) => s.nodeRuns[id]);
  const compact = useStore(zoomedOut);
  const running = run?.status === "running";
  const failed = run?.status === "failed";
  // An upload node already shows its file in the upload field; its result would repeat it.
  const showsUpload = Boolean(spec && Object.values(spec.params_schema.properties ?? {})
    .some((p) => p.ui === "image-upload" || p.ui === "video-upload"));

  return (
    <div data-testid="studio-node" data-node-type={data.nodeType}
      className={`animate-node-in w-64 rounded-xl border bg-white text-zinc-800 shadow-sm transition-shadow
        dark:bg-zinc-900 dark:text-zinc-100 ${selected ? "border-accent ring-2 ring-accent/30"
        : failed ? "border-red-400 dark:border-red-500/70" : "border-zinc-200 dark:border-zinc-800"}
        ${running ? "animate-run-pulse" : ""}`}>
      <div className="flex items-center justify-between gap-2 px-3 pb-1.5 pt-2.5">
        <div className="flex min-w-0 items-center gap-2">
          <span className={`h-2 w-2 shrink-0 rounded-full ${
            CATEGORY_DOT[categoryFamily(spec?.category ?? "")] ?? "bg-zinc-400"}`} />
          <span className="truncate text-[13px] font-semibold" title={spec?.description}>
            {spec?.title ?? data.nodeType}
          </span>
        </div>
        {run && <StatusBadge run={run} />}
      </div>
      <ProgressBar run={run ?? { status: "queued" }} />
      {spec && !compact && isModelSpec(spec) && <ModelRouteInfo nodeId={id} spec={spec} />}
      {spec ? (
        <>
          <PortHandles inputs={spec.inputs} outputs={spec.outputs} />
          {!compact && (
            <div className="px-3 pb-3">
              <ParamForm nodeId={id} spec={spec} params={data.params} includeAdvanced={false} idPrefix="node" />
            </div>
          )}
        </>
      ) : (
        <p className="px-3 pb-3 text-[11px] text-red-500">Unknown node type “{data.nodeType}”.</p>
      )}
      {run?.status === "running" && run.message && (
        <p data-testid="node-progress-message" className="px-3 pb-2 text-[11px] text-zinc-500">{run.message}</p>
      )}
      {(failed || run?.status === "skipped") && run.error && (
        <p data-testid="node-error" role="alert"
          className="mx-3 mb-3 rounded-md bg-red-50 px-2 py-1.5 text-[11px] text-red-700 dark:bg-red-950/50 dark:text-red-300">
          {run.error}
        </p>
      )}
      {!compact && run?.outputs && (run.status === "completed" || run.status === "cached") && !showsUpload && (
        <ResultPreview outputs={run.outputs} />
      )}
    </div>
  );
}

export default memo(StudioNodeView);
