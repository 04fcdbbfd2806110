// Every result of the current session's runs, with a download link for each file.

import { useMemo } from "react";
import { OutputPreview } from "../nodes/ResultPreview";
import { useAssetUrl } from "../hooks/useAssetUrl";
import { useEditor } from "../store/editorStore";
import type { GalleryItem } from "../types";
import { SidePanel } from "./SidePanel";

function DownloadLink({ item }: { item: GalleryItem }) {
  const url = useAssetUrl(item.output.asset_id, item.output.url);
  if (!url) return null;
  return <a href={url} download={`${item.nodeId}-${item.port}`} className="text-xs text-accent hover:underline">
    Download</a>;
}

export function GalleryPanel() {
  const open = useEditor((s) => s.galleryOpen);
  const nodeRuns = useEditor((s) => s.nodeRuns);
  const nodes = useEditor((s) => s.nodes);
  const specsByType = useEditor((s) => s.specsByType);

  const items = useMemo<GalleryItem[]>(() => nodes.flatMap((node) => {
    const run = nodeRuns[node.id];
    if (node.type !== "studio" || !run?.outputs) return [];
    const title = specsByType.get(node.data.nodeType)?.title ?? node.data.nodeType;
    return Object.entries(run.outputs).filter(([, o]) => o.asset_id)
      .map(([port, output]) => ({ nodeId: node.id, nodeTitle: title, port, output }));
  }), [nodes, nodeRuns, specsByType]);

  if (!open) return null;
  return (
    <SidePanel title="Results" label="Result gallery" testId="gallery"
      onClose={() => useEditor.getState().toggleGallery(false)}>
      {items.length === 0 && <p className="text-sm text-zinc-500">Run the graph to see its results here.</p>}
      <ul className="flex flex-col gap-4">
        {items.map((item) => (
          <li key={`${item.nodeId}:${item.port}`} data-testid="gallery-item">
            <div className="mb-1 flex items-center justify-between">
              <span className="text-xs font-medium">{item.nodeTitle} · {item.port}</span>
              <DownloadLink item={item} />
            </div>
            <OutputPreview output={item.output} label={`${item.nodeTitle} ${item.port}`} />
          </li>
        ))}
      </ul>
    </SidePanel>
  );
}
