// Connecting two nodes by keyboard (L on a node): a small chooser beside the node lists, in words, each of its
// outputs and the inputs of other nodes it can feed (connectChoices.ts), under the node; the arrows choose, typing narrows the list
// by a node's name, Enter connects (one undo step, as a drag does), Escape or a press outside cancels.

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { nodeElement } from "./canvasFocus";
import { choiceWords, connectChoices, matchingChoices, type ConnectChoice } from "./connectChoices";
import { closeConnectChooser, useConnectChooser } from "./connectChooserState";
import { refusedNow } from "./fields/lockedWords";
import { nodeNames } from "./graph/nodeNames";
import { useKeepInWindow } from "./menus/useKeepInWindow";
import { useEditor } from "./store/editorStore";
import { isStudioNode } from "./types";

export function ConnectChooser() {
  const nodeId = useConnectChooser((s) => s.nodeId);
  const here = useEditor((s) => s.nodes.some((node) => node.id === nodeId));
  useEffect(() => {
    if (nodeId && !here) closeConnectChooser();  // the node was deleted (here or by someone else)
  }, [nodeId, here]);
  return nodeId && here ? <Chooser key={nodeId} nodeId={nodeId} /> : null;
}

/** Under the node, where it is drawn (inside the window: useKeepInWindow): beside it, it would cover the next node
 * along, most often the one to connect to. */
function underNode(nodeId: string): { x: number; y: number } {
  const box = nodeElement(nodeId)?.getBoundingClientRect();
  return box ? { x: box.left, y: box.bottom + 8 } : { x: window.innerWidth / 2, y: window.innerHeight / 3 };
}

function Chooser({ nodeId }: { nodeId: string }) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const specs = useEditor((s) => s.specsByType);
  const [at] = useState(() => underNode(nodeId));
  const panel = useKeepInWindow<HTMLDivElement>(at);
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const name = useMemo(() => nodeNames(nodes, specs).get(nodeId) ?? "This node", [nodes, specs, nodeId]);
  const all = useMemo(() => connectChoices(nodeId, nodes, edges, specs), [nodeId, nodes, edges, specs]);
  const shown = useMemo(() => matchingChoices(all, query), [all, query]);
  const current = Math.min(active, shown.length - 1);
  const node = nodes.find((n) => n.id === nodeId);
  const outputs = node && isStudioNode(node) ? specs.get(node.data.nodeType)?.outputs.length ?? 0 : 0;

  useEffect(() => { input.current?.focus(); }, []);
  useEffect(() => {
    const away = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node)) closeConnectChooser();
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [panel]);
  useEffect(() => {
    document.getElementById(`${listId}-${current}`)?.scrollIntoView?.({ block: "nearest" });  // jsdom has none
  }, [listId, current]);

  /** Close, the focus back on the node (a press outside has put it where it was pressed already). */
  const close = () => {
    closeConnectChooser();
    if (panel.current?.contains(document.activeElement)) nodeElement(nodeId)?.focus({ preventScroll: true });
  };
  const connect = (choice: ConnectChoice) => {
    if (!refusedNow("Nothing was connected", "press L again", "connect its nodes")) {
      const problem = useEditor.getState().connectPorts(choice.connection);
      if (problem) useEditor.getState().notify(problem, "error");
    }
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") close();
    else if (event.key === "ArrowDown") setActive(Math.min(current + 1, shown.length - 1));
    else if (event.key === "ArrowUp") setActive(Math.max(current - 1, 0));
    else if (event.key === "Enter" && shown[current]) connect(shown[current]);
    else if (event.key === "Tab") event.preventDefault();  // the list is reached with the arrows, not Tab
    else return;
    event.preventDefault();  // answered: the editor's own Escape closes nothing under the chooser (useShortcuts)
  };

  return (
    <div ref={panel} role="dialog" aria-label={`Connect ${name}`} data-testid="connect-chooser"
      className="panel animate-fade-in fixed z-50 w-[22rem] p-1.5" onKeyDown={onKeyDown}>
      <p className="px-2.5 pb-1 pt-0.5 text-xs font-semibold text-zinc-700 dark:text-zinc-200">
        Connect {name}’s output to…
      </p>
      <input ref={input} value={query} placeholder="Type a node’s name…" aria-label="Node to connect to"
        role="combobox" aria-expanded="true" aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={shown.length ? `${listId}-${current}` : undefined}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        className="field-input mb-1 py-1.5 text-sm" />
      <ul id={listId} role="listbox" aria-label="Inputs it can feed" className="max-h-72 overflow-y-auto">
        {shown.map((choice, index) => (
          <li key={`${choice.connection.target}:${choice.connection.sourceHandle}:${choice.connection.targetHandle}`}
            id={`${listId}-${index}`} role="option" aria-selected={index === current}
            aria-label={choiceWords(name, choice) + (choice.replaces ? `, instead of ${choice.replaces}'s` : "")}
            onMouseEnter={() => setActive(index)} onClick={() => connect(choice)}
            className={`menu-item cursor-pointer ${index === current ? "bg-zinc-100 dark:bg-zinc-800" : ""}`}>
            <span className="min-w-0">
              <span className="block truncate">{choice.to}</span>
              {choice.replaces && (
                <span className="block truncate text-[11px] text-amber-700 dark:text-amber-400">
                  instead of {choice.replaces}
                </span>
              )}
            </span>
            <span className="shrink-0 text-[11px] text-zinc-500 dark:text-zinc-400">
              {choice.output} → {choice.input}
            </span>
          </li>
        ))}
        {shown.length === 0 && (
          <li className="px-2.5 py-1.5 text-sm text-zinc-500" data-testid="connect-none">
            {emptyWords(name, { outputs, choices: all.length, nodes: nodes.length }, query)}
          </li>
        )}
      </ul>
      <p className="whitespace-nowrap px-2.5 pb-0.5 pt-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">
        <span className="kbd">↑</span> <span className="kbd">↓</span> choose · <span className="kbd">Enter</span>{" "}
        connects · <span className="kbd">Esc</span> cancels
      </p>
    </div>
  );
}

/** Why the list is empty (`counts`: the node's outputs, its choices before typing, the graph's nodes), and what
 * to do. */
function emptyWords(name: string, counts: { outputs: number; choices: number; nodes: number }, query: string): string {
  if (counts.choices > 0) return `No node named like “${query.trim()}” takes what ${name} gives`;
  if (counts.outputs === 0) return `${name} has no outputs: go to the node that should feed it, then press L there`;
  if (counts.nodes < 2) return `There is no other node yet: add one from the palette, then press L on ${name} again`;
  return `No other node takes what ${name} gives, or it feeds them already: add one from the palette, then press L `
    + `on ${name} again`;
}
