// What a brush field paints on: the picture arriving at the node's image input (the upstream node's last
// result, or the file in an upload node before any run), else the blank canvas of the node's width × height.

import { useEditor } from "../store/editorStore";
import type { EditorState } from "../store/editorStore";
import { useAssetUrl } from "../hooks/useAssetUrl";
import { sharedWorkflowId } from "../store/graphSlice";

export interface PaintedImage {
  url: string | null;
  /** The blank canvas's size when there is no picture (the picture's own size comes from the image). */
  width: number;
  height: number;
  /** Whether an edge brings a picture, even if it is not known yet (not run, nothing uploaded). */
  connected: boolean;
}

const BLANK_SIZE = 1024;

/** The edge into the node's first image input, as "source\nhandle" (a string, so the selector is stable). */
function feed(state: EditorState, nodeId: string): string | null {
  const node = state.nodes.find((n) => n.id === nodeId);
  const spec = node?.type === "studio" ? state.specsByType.get(node.data.nodeType) : undefined;
  const port = spec?.inputs.find((p) => p.type === "image");
  const edge = port && state.edges.find((e) => e.target === nodeId && e.targetHandle === port.name);
  return edge ? `${edge.source}\n${edge.sourceHandle ?? ""}` : null;
}

function blankSide(state: EditorState, nodeId: string, name: "width" | "height"): number {
  const node = state.nodes.find((n) => n.id === nodeId);
  if (node?.type !== "studio") return BLANK_SIZE;
  const value = node.data.params[name] ?? state.specsByType.get(node.data.nodeType)?.params_schema
    .properties[name]?.default;
  return typeof value === "number" && value > 0 ? value : BLANK_SIZE;
}

export function usePaintedImage(nodeId: string): PaintedImage {
  const source = useEditor((s) => feed(s, nodeId));
  const [sourceId, handle] = source ? source.split("\n") : [null, null];
  const output = useEditor((s) => (sourceId && handle ? s.nodeRuns[sourceId]?.outputs?.[handle] : undefined));
  const uploaded = useEditor((s) => {
    const node = sourceId ? s.nodes.find((n) => n.id === sourceId) : undefined;
    const assetId = node?.type === "studio" ? node.data.params.asset_id : undefined;
    return typeof assetId === "string" && assetId ? assetId : undefined;
  });
  const shared = useEditor((s) => sharedWorkflowId(s.workflow));
  const url = useAssetUrl(output?.asset_id ?? uploaded, output?.url ?? undefined, output ? undefined : { workflowId: shared });
  const width = useEditor((s) => blankSide(s, nodeId, "width"));
  const height = useEditor((s) => blankSide(s, nodeId, "height"));
  return { url: source ? url : null, width, height, connected: source !== null };
}
