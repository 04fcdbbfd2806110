// Right-click anywhere on a node: Duplicate, Rename, Bypass, Collapse, Settings, Run this node, Delete (and
// Ungroup for frames). Bypass and Collapse act on the whole selection when the node is part of it.

import { useEffect, useRef } from "react";
import { requestRun } from "../runGate";
import { useEditor } from "../store/editorStore";
import { runUnderWay } from "../types";
import { useKeepInWindow } from "./useKeepInWindow";

export function NodeContextMenu() {
  const menu = useEditor((s) => s.menu);
  const nodeId = menu?.kind === "node" ? menu.nodeId : null;
  const node = useEditor((s) => s.nodes.find((n) => n.id === nodeId));
  const busy = useEditor((s) => runUnderWay(s.runPhase));
  const first = useRef<HTMLButtonElement>(null);
  const panel = useKeepInWindow<HTMLDivElement>(menu);

  useEffect(() => { first.current?.focus(); }, [menu]);
  if (!menu || menu.kind !== "node" || !node) return null;

  const store = useEditor.getState();
  const selection = node.selected ? store.nodes.filter((n) => n.selected).map((n) => n.id) : [node.id];
  const act = (action: () => void) => () => { store.openMenu(null); action(); };
  const isFrame = node.type === "frame";

  return (
    <div role="menu" aria-label="Node actions" data-testid="node-menu"
      ref={panel} className="panel animate-fade-in fixed z-50 min-w-48 p-1"
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();  // answered: the editor's Escape closes no panel under the menu (useShortcuts)
        store.openMenu(null);
      }}>
      <button ref={first} role="menuitem" className="menu-item" onClick={act(() => store.duplicateNodes(selection))}>
        Duplicate <span className="kbd">Ctrl D</span>
      </button>
      {!isFrame && (
        <>
          <button role="menuitem" className="menu-item" onClick={act(() => store.startRename(node.id))}>
            Rename <span className="kbd">F2</span>
          </button>
          <button role="menuitem" className="menu-item" onClick={act(() => store.toggleBypass(selection))}>
            {node.data.bypass ? "Stop bypassing" : "Bypass"} <span className="kbd">Ctrl B</span>
          </button>
          <button role="menuitem" className="menu-item" onClick={act(() => store.toggleCollapsed(selection))}>
            {node.data.collapsed ? "Expand" : "Collapse"} <span className="kbd">Alt C</span>
          </button>
          <button role="menuitem" className="menu-item" onClick={act(() => store.openSettings(node.id))}>
            Settings
          </button>
        </>
      )}
      {!isFrame && (
        <button role="menuitem" className="menu-item" onClick={act(() => requestRun(node.id))} disabled={busy}
          title={busy ? "Wait for the current run to end (or cancel it)" : "Run this node and the nodes it needs"}>
          Run this node
        </button>
      )}
      {isFrame && (
        <button role="menuitem" className="menu-item" onClick={act(() => store.ungroupFrame(node.id))}>
          Ungroup
        </button>
      )}
      <div className="my-1 h-px bg-zinc-100 dark:bg-zinc-800" />
      <button role="menuitem" className="menu-item btn-danger" onClick={act(() => store.deleteNodes(selection))}>
        Delete <span className="kbd">Del</span>
      </button>
    </div>
  );
}
