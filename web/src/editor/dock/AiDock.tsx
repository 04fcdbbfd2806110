// The AI input dock (bottom centre): an instruction becomes nodes and connections, as one undoable step.

import { useState, type FormEvent } from "react";
import { useReactFlow } from "@xyflow/react";
import { planOnServer } from "../../api/agents";
import { planLocally } from "../graph/planner";
import { runnableDocument } from "../graph/document";
import { useCanvasCentre } from "../hooks/useCanvasCentre";
import { useEditor } from "../store/editorStore";
import { planOrigin } from "./placement";

const SAFE_BOTTOM = "calc(env(safe-area-inset-bottom, 0px) + 16px)";

function useBuildFromInstruction() {
  const centre = useCanvasCentre();
  const flow = useReactFlow();
  return async (instruction: string) => {
    const state = useEditor.getState();
    const serverPlan = await planOnServer(instruction, runnableDocument(state.nodes, state.edges));
    const plan = serverPlan ?? planLocally(instruction, state.specs, state.nodes.map((n) => n.id),
      planOrigin(state.nodes, centre()));
    if (plan.nodes.length === 0) {
      state.notify("I couldn't find nodes for that. Try naming tools, e.g. “upload an image, blur it, save”.");
      return false;
    }
    state.applyPlan(plan);
    state.notify(plan.summary ?? `Added ${plan.nodes.length} nodes`);
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, duration: 300 }));
    return true;
  };
}

export function AiDock() {
  const open = useEditor((s) => s.dockOpen);
  const hidden = useEditor((s) => s.dockHidden);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState(false);
  const build = useBuildFromInstruction();
  const setDock = useEditor.getState().setDock;

  if (hidden) {
    return (
      <button type="button" className="btn fixed right-4 z-40 shadow-md" style={{ bottom: SAFE_BOTTOM }}
        onClick={() => setDock({ dockHidden: false, dockOpen: true })} data-testid="show-dock">
        ✦ AI
      </button>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instruction = input.trim();
    if (!instruction || busy) return;
    setBusy(true);
    try {
      if (await build(instruction)) setInput("");
    } catch (error) {
      useEditor.getState().notify(error instanceof Error ? error.message : "Planning failed", "error");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pointer-events-none fixed inset-x-0 z-40 flex justify-center px-4" style={{ bottom: SAFE_BOTTOM }}>
      <div className="panel pointer-events-auto w-full max-w-2xl animate-fade-in" data-testid="ai-dock"
        role="region" aria-label="AI input dock">
        {open ? (
          <form onSubmit={(event) => void submit(event)} className="flex items-center gap-2 p-2">
            <span className="pl-2 text-accent" aria-hidden="true">✦</span>
            <input value={input} onChange={(e) => setInput(e.target.value)} disabled={busy}
              placeholder="Describe a workflow, e.g. “upload an image, blur it, invert and save”"
              aria-label="Instruction for the AI" className="flex-1 bg-transparent py-1.5 text-sm outline-none" />
            <button type="submit" className="btn btn-primary" disabled={busy || !input.trim()}>
              {busy ? "Building…" : "Build"}
            </button>
            <button type="button" className="btn px-2" onClick={() => setDock({ dockOpen: false })}
              aria-label="Collapse the AI dock" title="Collapse">▾</button>
            <button type="button" className="btn px-2" onClick={() => setDock({ dockHidden: true })}
              aria-label="Hide the AI dock" title="Hide (Ctrl+J)">✕</button>
          </form>
        ) : (
          <button type="button" className="flex w-full items-center gap-2 px-4 py-2 text-sm text-zinc-500"
            onClick={() => setDock({ dockOpen: true })} aria-label="Expand the AI dock">
            <span className="text-accent">✦</span> Build with AI…
          </button>
        )}
      </div>
    </div>
  );
}
