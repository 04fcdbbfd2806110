import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openCollabPanel, useCollabPanel } from "./activity/panels";
import { closeTopmost, findShortcut, keepsKey, matches, SHORTCUTS } from "./shortcuts";
import { resetEditor, useEditor } from "./store/editorStore";
import type { EditorEdge, EditorNode } from "./types";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("shortcut matching", () => {
  it("treats Ctrl and ⌘ alike as Mod", () => {
    expect(matches(key("z", { ctrlKey: true }), "Mod+Z")).toBe(true);
    expect(matches(key("z", { metaKey: true }), "Mod+Z")).toBe(true);
    expect(matches(key("z"), "Mod+Z")).toBe(false);
  });

  it("tells undo from redo by Shift", () => {
    expect(matches(key("Z", { ctrlKey: true, shiftKey: true }), "Mod+Z")).toBe(false);
    expect(matches(key("Z", { ctrlKey: true, shiftKey: true }), "Mod+Shift+Z")).toBe(true);
  });

  it("accepts ? with the Shift it needs", () => {
    expect(matches(key("?", { shiftKey: true }), "?")).toBe(true);
  });

  it("knows Alt+C by its physical key, whatever character Alt makes it type", () => {
    expect(matches({ ...key("ç", { altKey: true }), code: "KeyC" }, "Alt+C")).toBe(true);
    expect(matches(key("c", { altKey: true }), "Alt+C")).toBe(true);
    expect(matches(key("c"), "Alt+C")).toBe(false);
    expect(matches(key("b", { ctrlKey: true, altKey: true }), "Mod+B")).toBe(false);
  });

  it("lists every shortcut with a label for the help sheet", () => {
    expect(SHORTCUTS.every((s) => s.label && s.keys.length > 0)).toBe(true);
    expect(SHORTCUTS.map((s) => s.label)).toContain("Undo");
  });
});

describe("keys pressed in a field", () => {
  const field = (html: string) => {
    const holder = document.createElement("div");
    holder.innerHTML = html;
    return holder.firstElementChild!;
  };
  const ctrl = { ctrlKey: true, metaKey: false };
  const cmd = { ctrlKey: false, metaKey: true };
  const plain = { ctrlKey: false, metaKey: false };

  it("are the field's own where text is typed: Ctrl+Z undoes the typing, letters type", () => {
    for (const html of ['<input type="text">', '<input type="number">', "<input>", "<textarea></textarea>",
      '<div contenteditable="true"></div>']) {
      const typed = field(html);
      if (html.includes("contenteditable")) Object.defineProperty(typed, "isContentEditable", { value: true });
      expect(keepsKey(typed, ctrl)).toBe(true);
      expect(keepsKey(typed, plain)).toBe(true);
    }
  });

  it("go to the editor with Ctrl or ⌘ from a slider, checkbox or select, which type no text: Ctrl+Z undoes", () => {
    for (const html of ['<input type="range">', '<input type="checkbox">', '<input type="color">',
      "<select><option>a</option></select>"]) {
      expect(keepsKey(field(html), ctrl)).toBe(false);
      expect(keepsKey(field(html), cmd)).toBe(false);
      expect(keepsKey(field(html), plain)).toBe(true);  // arrows, Space and a select's letters stay theirs
    }
  });

  it("go to the editor from anything else", () => {
    expect(keepsKey(field("<button>Run</button>"), plain)).toBe(false);
    expect(keepsKey(null, ctrl)).toBe(false);
  });
});

describe("Escape", () => {
  beforeEach(() => resetEditor());

  it("closes one thing at a time, the one on top: menu, shortcuts sheet, Results or History, node settings", () => {
    const editor = () => useEditor.getState();
    editor().openSettings("n1");
    editor().toggleHistory(true);
    editor().toggleHelp(true);
    editor().openMenu({ kind: "node", nodeId: "n1", x: 0, y: 0 });
    const open = () => [editor().menu !== null, editor().helpOpen, editor().historyOpen, editor().settingsNodeId];
    expect(open()).toEqual([true, true, true, "n1"]);
    closeTopmost();
    expect(open()).toEqual([false, true, true, "n1"]);
    closeTopmost();
    expect(open()).toEqual([false, false, true, "n1"]);
    closeTopmost();
    expect(open()).toEqual([false, false, false, "n1"]);
    closeTopmost();
    expect(open()).toEqual([false, false, false, null]);
  });

  it("closes the Results panel too", () => {
    useEditor.getState().toggleGallery(true);
    closeTopmost();
    expect(useEditor.getState().galleryOpen).toBe(false);
  });

  it("closes the Comments or Versions panel before the settings it is drawn over", () => {
    useEditor.getState().openSettings("n1");
    openCollabPanel("versions");
    closeTopmost();
    expect(useCollabPanel.getState().panel).toBeNull();
    expect(useEditor.getState().settingsNodeId).toBe("n1");
  });
});

describe("Escape with nothing open", () => {
  const node = (id: string, selected: boolean): EditorNode => ({
    id, type: "studio", position: { x: 0, y: 0 }, data: { nodeType: "tool.blur", params: {} }, selected });
  const edge: EditorEdge = { id: "e1", source: "a", target: "b", selected: true };
  const pressEscape = () => {
    const event = new KeyboardEvent("keydown", { key: "Escape" });
    findShortcut(event)?.perform?.({ fitView: () => {}, paste: () => {} });
  };
  const selection = () => [...useEditor.getState().nodes, ...useEditor.getState().edges]
    .filter((item) => item.selected).map((item) => item.id);

  beforeEach(() => {
    resetEditor();
    useEditor.setState({ nodes: [node("a", true), node("b", true), node("c", false)], edges: [edge] });
  });
  afterEach(() => document.body.replaceChildren());

  it("clears the selection of nodes and connections, so the next node clicked in from the palette chains from none",
    () => {
      pressEscape();
      expect(selection()).toEqual([]);
    });

  it("closes what is on top first and keeps the selection: the menu, then the node's settings", () => {
    useEditor.getState().openSettings("a");
    useEditor.getState().openMenu({ kind: "node", nodeId: "a", x: 0, y: 0 });
    pressEscape();
    expect(useEditor.getState().menu).toBeNull();
    expect(selection()).toEqual(["a", "b", "e1"]);
    pressEscape();
    expect(useEditor.getState().settingsNodeId).toBeNull();
    expect(selection()).toEqual(["a", "b", "e1"]);
    pressEscape();
    expect(selection()).toEqual([]);
  });

  it("keeps the selection while a field is being typed in", () => {
    const field = document.createElement("textarea");
    document.body.append(field);
    field.focus();
    pressEscape();
    expect(selection()).toEqual(["a", "b", "e1"]);
  });

  it("changes nothing when nothing is selected", () => {
    useEditor.setState({ nodes: [node("c", false)], edges: [] });
    const before = useEditor.getState().nodes;
    pressEscape();
    expect(useEditor.getState().nodes).toBe(before);
  });
});
