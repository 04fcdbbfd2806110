// Keyboard shortcuts: one table drives both the key handling and the help sheet.

import { openCollabPanel, useCollabPanel } from "./activity/panels";
import { setCommentMode } from "./comments/store";
import { openConnectChooser } from "./connectChooserState";
import { paletteOverCanvas } from "./palette/overCanvas";
import { requestRun } from "./runGate";
import { cancelCurrentRun } from "./runner";
import { useEditor } from "./store/editorStore";

export interface ShortcutContext {
  fitView(): void;
  /** Paste the clipboard beside the nodes it was copied from, in view. */
  paste(): void;
}

export interface Shortcut {
  /** Display form, e.g. "Mod+Shift+Z"; "Mod" is Ctrl, or ⌘ on a Mac. */
  keys: string[];
  label: string;
  /** Absent for keys xyflow handles itself (shown in the help sheet only). */
  perform?: (ctx: ShortcutContext) => void;
}

const state = () => useEditor.getState();
const selected = () => state().nodes.filter((n) => n.selected).map((n) => n.id);

export const SHORTCUTS: Shortcut[] = [
  { keys: ["Mod+Enter"], label: "Run the graph", perform: () => requestRun() },
  { keys: ["Mod+."], label: "Cancel the run", perform: () => void cancelCurrentRun() },
  { keys: ["Mod+Z"], label: "Undo", perform: () => state().undo() },
  { keys: ["Mod+Shift+Z", "Mod+Y"], label: "Redo", perform: () => state().redo() },
  { keys: ["Mod+C"], label: "Copy selected nodes", perform: () => state().copySelection() },
  { keys: ["Mod+V"], label: "Paste", perform: (ctx) => ctx.paste() },
  { keys: ["Mod+D"], label: "Duplicate selected nodes", perform: () => state().duplicateNodes(selected()) },
  { keys: ["Mod+G"], label: "Group selected nodes", perform: () => state().groupSelection() },
  { keys: ["Mod+B"], label: "Bypass selected nodes (or run them again)",
    perform: () => state().toggleBypass(selected()) },
  { keys: ["Alt+C"], label: "Collapse or expand selected nodes", perform: () => state().toggleCollapsed(selected()) },
  { keys: ["F2"], label: "Rename the selected node",
    perform: () => { const [id] = selected(); if (id) state().startRename(id); } },
  { keys: ["Mod+A"], label: "Select all",
    perform: () => useEditor.setState({ nodes: state().nodes.map((n) => ({ ...n, selected: true })) }) },
  { keys: ["Delete", "Backspace"], label: "Delete the node or connection you are on, else the selected ones" },
  { keys: ["Shift+Drag"], label: "Box-select nodes" },
  { keys: ["Mod+Click"], label: "Add a node to the selection" },
  { keys: ["Double-click", "Right-click"], label: "Quick-add a node on the canvas" },
  { keys: ["L"], label: "Connect the node you are on to another node's input", perform: () => openConnectChooser() },
  { keys: ["Arrows", "Shift+Arrows"], label: "Move the view (with the canvas focused), or the selected nodes" },
  { keys: ["Tab", "Shift+Tab"], label: "Go to the next or previous node, brought into view" },
  { keys: ["F"], label: "Fit the graph in view", perform: (ctx) => ctx.fitView() },
  { keys: ["Mod+J"], label: "Show or hide the AI dock",
    perform: () => state().setDock({ dockHidden: !state().dockHidden }) },
  { keys: ["G"], label: "Show or hide the result gallery", perform: () => state().toggleGallery() },
  { keys: ["C"], label: "Comment tool: click a node or the canvas to comment", perform: () => setCommentMode() },
  { keys: ["?"], label: "Show this help", perform: () => state().toggleHelp() },
  { keys: ["Escape"], label: "Close the menu or panel on top, else clear the selection",
    perform: () => closeTopmostOrDeselect() },
];

/** Escape: closes what is on top; with nothing open, and no field being typed in, it clears the selection (a node
 * clicked in from the palette chains from the selected node, clickPlacement.ts: this is how to start afresh). */
function closeTopmostOrDeselect(): void {
  if (!closeTopmost() && !isTyping(document.activeElement)) clearSelection();
}

/** No node and no connection selected (on this screen); untouched when none is. */
export function clearSelection(): void {
  const { nodes, edges } = state();
  if (!nodes.some((n) => n.selected) && !edges.some((e) => e.selected)) return;
  useEditor.setState({
    nodes: nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
    edges: edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
  });
}

/** Escape closes one thing, the one on top: a menu, else the shortcuts sheet, else the palette over a phone's canvas,
 * else the panel on the right (Results, History, Comments or Versions, drawn over a node's settings), else the node's
 * settings. What answers Escape itself (the viewer, the title field, quick-add's search, a popover, the Share dialog,
 * the AI dock's plan, a comment, a number field's text, the palette's search) stops it or marks it answered
 * (preventDefault) before it gets here (useShortcuts). Whether it closed something. */
export function closeTopmost(): boolean {
  const s = state();
  if (s.menu || s.quickAdd) s.openMenu(null);
  else if (s.helpOpen) s.toggleHelp(false);
  else if (paletteOverCanvas(s.paletteOpen)) s.togglePalette(false);
  else if (s.galleryOpen) s.toggleGallery(false);
  else if (s.historyOpen) s.toggleHistory(false);
  else if (useCollabPanel.getState().panel) openCollabPanel(null);
  else if (s.settingsNodeId) s.openSettings(null);
  else return false;
  return true;
}

/** Whether a keyboard event matches a key combination such as "Mod+Shift+Z". */
export function matches(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey"> & { code?: string },
  combo: string): boolean {
  const parts = combo.split("+");
  const key = parts.pop()!;
  const wantsMod = parts.includes("Mod");
  const wantsShift = parts.includes("Shift");
  const wantsAlt = parts.includes("Alt");
  const mod = event.ctrlKey || event.metaKey;
  if (mod !== wantsMod || event.altKey !== wantsAlt) return false;
  // "?" is itself a shifted key, so Shift is implied there.
  if (key !== "?" && event.shiftKey !== wantsShift) return false;
  // Alt changes the character a letter types on a Mac (Alt+C is "ç"): the physical key decides then.
  if (wantsAlt && /^[a-z]$/i.test(key) && event.code) return event.code === `Key${key.toUpperCase()}`;
  return event.key.toLowerCase() === key.toLowerCase();
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The kinds of `<input>` no text is typed into: a slider, a checkbox, a colour well, a button. */
const TEXTLESS_INPUTS: ReadonlySet<string> = new Set(["range", "checkbox", "radio", "color", "button", "submit",
  "reset", "file", "image"]);

/** Whether a field keeps the key pressed in it for itself, out of the editor's shortcuts. A field typed into keeps
 * every key (Ctrl+Z undoes the typing). A slider, a checkbox or a select keeps its plain keys (arrows, Space, a
 * select's letters) but has no use for Ctrl/⌘ ones: Ctrl+Z there undoes the change just made with it, as anywhere
 * on the canvas (it did nothing at all). */
export function keepsKey(target: EventTarget | null, event: Pick<KeyboardEvent, "ctrlKey" | "metaKey">): boolean {
  if (!isTyping(target)) return false;
  const textless = target instanceof HTMLSelectElement
    || (target instanceof HTMLInputElement && TEXTLESS_INPUTS.has(target.type));
  return !(textless && (event.ctrlKey || event.metaKey));
}

export function findShortcut(event: KeyboardEvent): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.perform && s.keys.some((combo) => matches(event, combo)));
}
