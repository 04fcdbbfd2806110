// A node's name in its title bar: the user's name or its type's title; double-click (or F2, or the menu's
// Rename) edits it in place, Enter or leaving the field keeps it, Escape cancels. Also the collapse toggle.

import { memo, useEffect, useRef } from "react";
import { useEditor } from "../store/editorStore";

/** Memoised: a node re-renders with each change of its run status, its name does not. */
export const NodeTitle = memo(function NodeTitle({ nodeId, title, typeTitle, description }: {
  nodeId: string; title: string | undefined; typeTitle: string; description?: string;
}) {
  const renaming = useEditor((s) => s.renamingNodeId === nodeId);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { if (renaming) input.current?.select(); }, [renaming]);

  if (renaming) {
    const finish = (keep: boolean) => {
      const store = useEditor.getState();
      if (keep && input.current) store.renameNode(nodeId, input.current.value);
      store.startRename(null);
    };
    return (
      <input ref={input} defaultValue={title ?? typeTitle} aria-label="Node name" maxLength={80}
        data-testid="node-title-input" placeholder={typeTitle}
        className="nodrag field-input min-w-0 flex-1 py-0.5 text-[13px] font-semibold"
        onBlur={() => finish(true)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") finish(true);
          else if (e.key === "Escape") finish(false);
        }} />
    );
  }
  return (
    <span data-testid="node-title" className="min-w-0 flex-1 truncate text-[13px] font-semibold"
      title={title ? `${title} (${typeTitle})${description ? `: ${description}` : ""}` : description}
      onDoubleClick={(e) => { e.stopPropagation(); useEditor.getState().startRename(nodeId); }}>
      {title ?? typeTitle}
    </span>
  );
});

export function CollapseToggle({ nodeId, collapsed }: { nodeId: string; collapsed: boolean }) {
  return (
    <button type="button" aria-label={collapsed ? "Expand node" : "Collapse node"} aria-expanded={!collapsed}
      title={collapsed ? "Expand (Alt+C)" : "Collapse (Alt+C)"} data-testid="node-collapse"
      className="nodrag -ml-1 flex h-4 w-4 shrink-0 items-center justify-center rounded text-[9px] text-zinc-400
        hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
      onClick={(e) => { e.stopPropagation(); useEditor.getState().toggleCollapsed([nodeId]); }}>
      <span className={`transition-transform ${collapsed ? "-rotate-90" : ""}`}>▼</span>
    </button>
  );
}
