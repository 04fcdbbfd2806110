// Every result of the current session's runs: a click opens one full size; each file has a download link.

import { useMemo } from "react";
import { OutputPreview } from "../nodes/ResultPreview";
import { useAssetUrl } from "../hooks/useAssetUrl";
import { useEditor } from "../store/editorStore";
import type { GalleryItem } from "../types";
import { downloadUrl, mediaKind } from "../viewer/media";
import { itemKey, resultStem } from "../viewer/results";
import { SidePanel } from "./SidePanel";

function DownloadLink({ item }: { item: GalleryItem }) {
  const url = useAssetUrl(item.output.asset_id, item.output.url);
  const stem = useEditor((s) => resultStem(s.nodes, s.specsByType, item.nodeId, item.port, s.workflow?.title));
  if (!url) return null;
  return <a href={downloadUrl(url, stem)} download className="text-xs text-accent hover:underline">Download</a>;
}

/** Pictures open full size on a click; players keep their clicks, so they open from the Open button. */
function Preview({ item }: { item: GalleryItem }) {
  const label = `${item.nodeTitle} ${item.port}`;
  const open = () => useEditor.getState().openViewer(itemKey(item.nodeId, item.port));
  const picture = ["image", "svg"].includes(mediaKind(item.output));
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <span className="truncate text-xs font-medium">{item.nodeTitle} · {item.port}</span>
        <span className="flex shrink-0 gap-3">
          <button type="button" onClick={open} className="text-xs text-accent hover:underline"
            aria-label={`Open ${label} full size`}>Open</button>
          <DownloadLink item={item} />
        </span>
      </div>
      {picture ? (
        <button type="button" onClick={open} tabIndex={-1} aria-hidden="true" data-testid="gallery-open"
          className="h-44 w-full cursor-zoom-in overflow-hidden rounded-md border border-zinc-100 dark:border-zinc-800">
          <OutputPreview output={item.output} label={label} />
        </button>
      ) : (
        <div className="h-44 w-full overflow-hidden rounded-md border border-zinc-100 dark:border-zinc-800">
          <OutputPreview output={item.output} label={label} />
        </div>
      )}
    </div>
  );
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
          <li key={`${item.nodeId}:${item.port}`} data-testid="gallery-item"><Preview item={item} /></li>
        ))}
      </ul>
    </SidePanel>
  );
}
