// A group frame: a titled, resizable area that moves its member nodes with it.

import { memo } from "react";
import { NodeResizer, type NodeProps } from "@xyflow/react";
import { useEditor } from "../store/editorStore";
import type { FrameNode } from "../types";

function FrameNodeView({ id, data, selected }: NodeProps<FrameNode>) {
  const renameFrame = useEditor((s) => s.renameFrame);
  return (
    <div data-testid="group-frame" className={`h-full w-full rounded-2xl border-2 border-dashed
      ${selected ? "border-accent bg-indigo-500/5" : "border-zinc-300 bg-zinc-500/5 dark:border-zinc-700"}`}>
      <NodeResizer isVisible={selected} minWidth={160} minHeight={100} lineClassName="!border-accent" />
      <input aria-label="Group title" value={data.title} onChange={(e) => renameFrame(id, e.target.value)}
        className="nodrag m-2 rounded bg-transparent px-1.5 py-0.5 text-xs font-semibold text-zinc-500 outline-none
          focus:bg-white focus:ring-1 focus:ring-accent dark:focus:bg-zinc-900" />
    </div>
  );
}

export default memo(FrameNodeView);
