// The keyboard help sheet (press ?), generated from the shortcut table.

import { useRef } from "react";
import { keepTabIn, useFocusHeld } from "../modalFocus";
import { SHORTCUTS } from "../shortcuts";
import { useEditor } from "../store/editorStore";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const display = (combo: string) => combo.replace("Mod", isMac ? "⌘" : "Ctrl").replace(/\+/g, " ");

export function ShortcutsHelp() {
  const open = useEditor((s) => s.helpOpen);
  return open ? <HelpSheet /> : null;
}

/** The sheet is modal: open, it holds the focus (Tab and Shift+Tab go round its own controls, never to the canvas
 * behind it); closed, the focus goes back to where it was. */
function HelpSheet() {
  const sheet = useRef<HTMLDivElement>(null);
  const closer = useRef<HTMLButtonElement>(null);
  useFocusHeld(closer);
  const close = () => useEditor.getState().toggleHelp(false);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/40 p-4 backdrop-blur-sm"
      onClick={close}>
      {/* a margin all round, and a sheet taller than the window scrolls inside it */}
      <div ref={sheet} role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts-help"
        className="panel animate-fade-in max-h-full w-[28rem] max-w-[90vw] overflow-y-auto p-5"
        onClick={(e) => e.stopPropagation()} onKeyDown={(event) => keepTabIn(sheet.current, event)}>
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-base font-semibold">Keyboard shortcuts</h2>
          <button ref={closer} type="button" className="btn px-2" onClick={close} aria-label="Close shortcuts">✕</button>
        </div>
        <table className="w-full text-sm">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.label} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1.5 pr-4 text-zinc-600 dark:text-zinc-300">{s.label}</td>
                <td className="py-1.5 text-right">
                  {s.keys.map((k) => <span key={k} className="kbd ml-1 whitespace-nowrap">{display(k)}</span>)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
