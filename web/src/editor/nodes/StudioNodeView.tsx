// The one generic node: every registry type renders through it, driven by the type's schema.

import { memo, useMemo, useState } from "react";
import type { NodeProps } from "@xyflow/react";
import type { NodeSpec } from "../../api/types";
import { problemsBesideFields } from "../fields/fieldProblems";
import { ParamForm } from "../fields/ParamForm";
import { isModelSpec } from "../graph/providers";
import { categoryFamily } from "../graph/search";
import { UNKNOWN_TYPE, closestSpec, unknownTypeWords } from "../graph/unknownType";
import { changedWhy } from "../changedSince";
import { useDetailed } from "../hooks/useZoomedIn";
import { editable, useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import { showsProblem, waitsOnOthers } from "../store/runProblems";
import { isStalled, runStallOf } from "../store/runSlice";
import type { StudioNode } from "../types";
import { ModelRouteInfo } from "./ModelRouteInfo";
import { NamesakeNumber } from "./NamesakeNumber";
import { CollapseToggle, NodeTitle } from "./NodeTitle";
import { PortHandles } from "./PortHandles";
import { ResultPreview } from "./ResultPreview";
import { RunNote } from "./RunNote";
import { keySetSince, keySetText } from "./runNoteWords";
import { ProgressBar, StatusBadge } from "./StatusBadge";
import { UnknownTypePorts } from "./UnknownTypePorts";


// A run re-renders a node at each change of its status; its form and model route do not change with it.
const NodeForm = memo(ParamForm);
const NodeModelRoute = memo(ModelRouteInfo);

/** "Replace with Blur": on a node of an unknown type whose id is close to a known one's. */
function ReplaceButton({ nodeId, meant }: { nodeId: string; meant: NodeSpec }) {
  // not before the project's live document is there to take it (as the editor opens): a replace then would be lost
  const ready = useEditor(editable);
  return (
    <button type="button" data-testid="node-replace-type" disabled={!ready}
      onClick={() => useEditor.getState().replaceNodeType(nodeId, meant)}
      title={`Make this a ${meant.title} node, keeping its wires and the settings ${meant.title} has`}
      className="nodrag mt-1.5 rounded-md border border-red-200 bg-white px-2 py-1 text-[11px] font-medium
        text-red-700 transition-colors hover:bg-red-100 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-accent
        dark:border-red-800 dark:bg-zinc-900 dark:text-red-300 dark:hover:bg-red-950/60">
      Replace with {meant.title}</button>
  );
}

const CATEGORY_DOT: Record<string, string> = {
  inputs: "bg-amber-400", tools: "bg-indigo-400", outputs: "bg-emerald-400", models: "bg-pink-400",
};

function StudioNodeView({ id, data, selected }: NodeProps<StudioNode>) {
  const spec = useEditor((s) => s.specsByType.get(data.nodeType));
  const run = useEditor((s) => s.nodeRuns[id]);
  // only a node with a result asks whether it changed since (the answer is worked out once for all nodes), and why
  const changed = useEditor((s) => changedWhy(s, id, data.nodeType));
  const compact = !useDetailed();  // level of detail: zoomed out, only title, status and ports
  // Only a node that appears zoomed in fades in: zooming in on nodes that were there must not replay it on all.
  const [fadesIn] = useState(!compact);
  const stall = useEditor(runStallOf);  // the studio unreachable, or no worker: the node does not look busy
  const running = run?.status === "running" && !isStalled(run, stall);
  // a failure for want of a provider key is past once a key is set: the provider that runs it now, or null
  const keySet = useEditor((s) => keySetSince(s, id));
  // a node that only waits for another is not drawn as failing: the problem is on the other node
  const failed = showsProblem(run) && !waitsOnOthers(run) && !keySet;
  // An upload node already shows its file in the upload field; its result would repeat it.
  const showsUpload = Boolean(spec && Object.values(spec.params_schema.properties ?? {})
    .some((p) => p.ui === "image-upload" || p.ui === "video-upload" || p.ui === "audio-upload"));

  const bypassed = data.bypass === true;
  const collapsed = data.collapsed === true;
  const formShown = Boolean(spec) && !compact && !collapsed;
  // a problem the form shows beside its field is not said again under the node
  const besideFields = useMemo(() => (spec && formShown && run?.error ? problemsBesideFields(spec, data.params) : []),
    [spec, formShown, run?.error, data.params]);
  // a type this studio does not know is said once, in a designer's words (the run's words are the CLI's), with the
  // known type it may have meant; worked out when the specs change, not in a selector run at every store change
  const specs = useEditor((s) => s.specsByType);
  const unknownWords = useMemo(() => (spec ? null : unknownTypeWords(data.nodeType, specs)),
    [spec, data.nodeType, specs]);
  const meant = useMemo(() => (spec ? null : closestSpec(data.nodeType, specs)), [spec, data.nodeType, specs]);
  const locked = useEditor((s) => readOnly(s.workflow) || s.collab === "closed");

  return (
    <div data-testid="studio-node" data-node-type={data.nodeType} data-bypassed={bypassed}
      data-collapsed={collapsed}
      // zoomed out (a large graph opening), nodes appear at once: an entrance animation each would cost a layer each,
      // and a shadow (too small to see there) is most of what the page redraws for 500 nodes on every pan frame
      className={`${fadesIn ? "animate-node-in" : ""}
        ${compact ? "rounded-lg" : "rounded-xl shadow-sm transition-shadow"}
        w-64 border bg-white text-zinc-800 dark:bg-zinc-900 dark:text-zinc-100
        ${selected ? "border-accent ring-2 ring-accent/30"
        : failed ? "border-red-400 dark:border-red-500/70" : "border-zinc-200 dark:border-zinc-800"}
        ${running && !compact ? "animate-run-pulse" : ""} ${bypassed ? "border-dashed opacity-60 saturate-0" : ""}`}>
      {/* zoomed out, the header also keeps the progress bar's room (pb-2), and has no collapse button (too small
          to hit there; the menu and Alt+C collapse): fewer elements for 500 nodes. The title takes the room left. */}
      <div className={`flex items-center gap-2 px-3 pt-2.5 ${compact ? "pb-2" : "pb-1.5"}`}>
        {!compact && <CollapseToggle nodeId={id} collapsed={collapsed} />}
        <span className={`h-2 w-2 shrink-0 rounded-full ${
          CATEGORY_DOT[categoryFamily(spec?.category ?? "")] ?? "bg-zinc-400"}`} />
        {/* the number of a namesake ("Blur (2)") right after its title, which is cut short first */}
        <div className="flex min-w-0 flex-1 items-baseline gap-1 [&>[data-testid=node-title]]:flex-initial">
          <NodeTitle nodeId={id} title={data.title} typeTitle={spec?.title ?? data.nodeType}
            description={spec?.description} />
          <NamesakeNumber nodeId={id} />
        </div>
        {bypassed && ( // instead of the run status: a bypassed node does not run
          <span data-testid="node-bypassed" title="Bypassed: its inputs pass straight through (Ctrl+B)"
            className="rounded-full bg-zinc-200 px-2 py-0.5 text-[10px] font-medium text-zinc-600 dark:bg-zinc-700
              dark:text-zinc-200">Bypassed</span>
        )}
        {run && !bypassed && <StatusBadge run={run} stall={stall} changed={changed}
          past={keySet && keySetText(keySet)} />}
      </div>
      {/* zoomed out, a bar is too small to read, and each moving one costs the page a layer every frame */}
      {!compact && <ProgressBar run={run ?? { status: "pending" }} stall={stall} />}
      {spec && !compact && !collapsed && isModelSpec(spec) && <NodeModelRoute nodeId={id} spec={spec} />}
      {spec ? (
        <>
          <PortHandles inputs={spec.inputs} outputs={spec.outputs} labels={!compact} />
          {!compact && !collapsed && (
            <div className="px-3 pb-3">
              <NodeForm nodeId={id} spec={spec} params={data.params} includeAdvanced={false} idPrefix="node" />
            </div>
          )}
        </>
      ) : (
        <UnknownTypePorts nodeId={id} nodeType={data.nodeType} words={unknownWords ?? ""} labels={!compact}
          action={meant && !locked && !compact ? <ReplaceButton nodeId={id} meant={meant} /> : undefined} />
      )}
      {run?.status === "running" && run.message && (
        <p data-testid="node-progress-message" className="px-3 pb-2 text-[11px] text-zinc-500">{run.message}</p>
      )}
      {!(unknownWords && run?.errorCode === UNKNOWN_TYPE) && (
        <RunNote run={run} shownBeside={besideFields} className="mx-3 mb-3 rounded-md px-2 py-1.5 text-[11px]" />)}
      {/* its frames are there before a run too, so a run never makes the node taller */}
      {!compact && !collapsed && spec && !showsUpload && <ResultPreview nodeId={id} spec={spec} run={bypassed ? undefined : run} bypassed={bypassed} />}
    </div>
  );
}

/** It draws only from its id, data and selection: React Flow's other props (its measured size, its position while
 * dragged) change often, and would redraw every node once the graph is measured and this one on every drag step. */
const sameNode = (a: NodeProps<StudioNode>, b: NodeProps<StudioNode>) =>
  a.id === b.id && a.data === b.data && a.selected === b.selected;

export default memo(StudioNodeView, sameNode);
