// A node's full settings: every parameter (advanced ones included), its ports, and its last run. It is headed by
// the node's name as the canvas shows it and its kind in words; the ids the API and files use sit folded away
// under Details. Opened on a node whose last run failed (as the run's notice's Show why opens it), the panel scrolls
// its failure into sight: why it failed is what the user came to read.

import { useLayoutEffect, useRef } from "react";
import { nodeElement } from "../canvasFocus";
import { changedWhy } from "../changedSince";
import { ParamForm } from "../fields/ParamForm";
import { nodeNames, shownTitle } from "../graph/nodeNames";
import { categoryLabel } from "../graph/search";
import { RunNote } from "../nodes/RunNote";
import { StatusBadge } from "../nodes/StatusBadge";
import { keySetSince, keySetText } from "../nodes/runNoteWords";
import { useEditor } from "../store/editorStore";
import { runStallOf } from "../store/runSlice";
import { SidePanel } from "./SidePanel";

export function SettingsPanel() {
  const nodeId = useEditor((s) => s.settingsNodeId);
  const nodes = useEditor((s) => s.nodes);
  const node = nodes.find((n) => n.id === nodeId);
  const specs = useEditor((s) => s.specsByType);
  const spec = node?.type === "studio" ? specs.get(node.data.nodeType) : undefined;
  const run = useEditor((s) => (nodeId ? s.nodeRuns[nodeId] : undefined));
  // the same word and hint as the node's badge: "Changed" once the node, or one it needs, was edited since its result
  const changed = useEditor((s) => (nodeId && spec ? changedWhy(s, nodeId, spec.type) : null));
  const stall = useEditor(runStallOf);
  // a failure for want of a provider key is past once a key is set, as the node's own badge says
  const keySet = useEditor((s) => (nodeId ? keySetSince(s, nodeId) : null));
  const note = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => { if (note.current) scrollIntoPanel(note.current); }, [nodeId]);
  if (!nodeId || !node || node.type !== "studio" || !spec) return null;

  const title = nodeNames(nodes, specs).get(node.id) ?? shownTitle(node, specs);  // "Blur (2)", as notices say
  // "Tools", "Models · Image"; a node the user renamed also names what it is ("Blur · Tools")
  const kind = [title === spec.title ? null : spec.title, categoryLabel(spec.category)].filter(Boolean).join(" · ");
  return (
    <SidePanel title={`${title} settings`} label="Node settings" testId="settings-panel"
      onClose={() => useEditor.getState().openSettings(null)} returnTo={() => nodeElement(node.id)}>
      <p data-testid="settings-kind" className="mb-1 text-[11px] font-medium text-zinc-400">
        {kind}</p>
      <p className="mb-3 text-xs leading-relaxed text-zinc-500">{spec.description}</p>
      {run && <div className="mb-4 flex items-center gap-3 text-[11px] text-zinc-500">
        Last run <StatusBadge run={run} stall={stall} changed={changed} past={keySet && keySetText(keySet)} /></div>}
      <ParamForm nodeId={node.id} spec={spec} params={node.data.params} includeAdvanced idPrefix="settings" />
      <div ref={note}>
        <RunNote run={run} className="mt-3 rounded-md p-2 text-xs" testId="settings-run-note" nodeId={node.id} /></div>
      {/* for the API, the command line and bug reports; a designer need not see them */}
      <details data-testid="settings-details" className="mt-4 text-[11px] text-zinc-400">
        <summary className="cursor-pointer select-none">Details</summary>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt>Node id</dt><dd className="font-mono">{node.id}</dd>
          <dt>Type</dt><dd className="font-mono">{spec.type}, version {spec.version}</dd>
        </dl>
      </details>
    </SidePanel>
  );
}

/** Scroll the panel that `note` is in just far enough for the node's problem in it, if it says one, to be read
 * whole (its top first, when longer than the panel). */
function scrollIntoPanel(note: HTMLElement) {
  const problem = note.querySelector("[data-tone=error]");
  const scroller = note.closest<HTMLElement>("[data-side-panel-body]");
  if (!problem || !scroller) return;
  const box = problem.getBoundingClientRect();
  const room = scroller.getBoundingClientRect();
  const margin = 16;  // the panel's own padding
  const below = box.bottom + margin - room.bottom;
  if (below > 0) scroller.scrollTop += Math.min(below, box.top - margin - room.top);
}
