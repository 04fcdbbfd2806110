// A node's full settings: every parameter (advanced ones included), its ports, and its last run.

import { showsChanged } from "../changedSince";
import { ParamForm } from "../fields/ParamForm";
import { RunNote } from "../nodes/RunNote";
import { StatusBadge } from "../nodes/StatusBadge";
import { useEditor } from "../store/editorStore";
import { runStallOf } from "../store/runSlice";
import { SidePanel } from "./SidePanel";

export function SettingsPanel() {
  const nodeId = useEditor((s) => s.settingsNodeId);
  const node = useEditor((s) => s.nodes.find((n) => n.id === s.settingsNodeId));
  const spec = useEditor((s) => (node?.type === "studio" ? s.specsByType.get(node.data.nodeType) : undefined));
  const run = useEditor((s) => (nodeId ? s.nodeRuns[nodeId] : undefined));
  // the same word as the node's badge: "Changed" once the node, or one it needs, was edited since its result
  const changed = useEditor((s) => Boolean(nodeId && spec && showsChanged(s, nodeId, spec.type)));
  const stall = useEditor(runStallOf);
  if (!nodeId || !node || node.type !== "studio" || !spec) return null;

  return (
    <SidePanel title={`${spec.title} settings`} label="Node settings" testId="settings-panel"
      onClose={() => useEditor.getState().openSettings(null)}>
      <p className="mb-3 text-xs leading-relaxed text-zinc-500">{spec.description}</p>
      <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[11px] text-zinc-500">
        <dt>Node id</dt><dd className="font-mono text-zinc-700 dark:text-zinc-300">{node.id}</dd>
        <dt>Type</dt><dd className="font-mono text-zinc-700 dark:text-zinc-300">{spec.type} v{spec.version}</dd>
        {run && <><dt>Last run</dt><dd><StatusBadge run={run} stall={stall} changed={changed} /></dd></>}
      </dl>
      <ParamForm nodeId={node.id} spec={spec} params={node.data.params} includeAdvanced idPrefix="settings" />
      <RunNote run={run} className="mt-3 rounded-md p-2 text-xs" testId="settings-run-note" />
    </SidePanel>
  );
}
