// The AI input dock (bottom centre of the canvas, dockSpan.ts): an instruction is planned on the server and previewed
// on the canvas as ghost nodes; Apply (Enter) makes it one undoable step, Discard (Escape) leaves the graph as it was.

import { useEffect, useState, type FormEvent } from "react";
import { useReactFlow, type XYPosition } from "@xyflow/react";
import { fitZoom, useFitGraph } from "../hooks/useCanvasCentre";
import { DETAIL_ZOOM } from "../hooks/useZoomedIn";
import { paletteOverCanvas, useNarrowScreen } from "../palette/overCanvas";
import { phoneChangedView, phoneSidesAbove, PHONE_MIN_ZOOM } from "../phoneView";
import { isTyping } from "../shortcuts";
import { useEditor } from "../store/editorStore";
import { type DockSpan, useDockSpan } from "./dockSpan";
import { useFittingPlaceholder } from "./fittingPlaceholder";
import { GHOST_PREFIX, planFocus, planMade } from "./ghosts";
import { PlanPanel, type PlanChoice } from "./PlanPanel";
import { applyPreviewedPlan, discardPlan, forgetPlans, previewIsStale, requestPlan, SETTLE_MS, usePreview }
  from "./preview";

const SAFE_BOTTOM = "calc(env(safe-area-inset-bottom, 0px) + 16px)";

/** How much of the pane's foot the dock covers now (px): grown by a plan's lines, more than as it first showed. */
function dockCover(pane: DOMRect): number {
  const dock = document.querySelector("[data-testid=ai-dock]")?.getBoundingClientRect();
  return dock && dock.height > 0 ? Math.max(0, pane.bottom - dock.top) : 0;
}

/** Call `then` on the first frame `ready()` holds, or after `limit` frames whatever it says. */
function whenDrawn(ready: () => boolean, then: () => void, limit = 60) {
  let frames = 0;
  const check = () => {
    if (ready() || ++frames >= limit) then();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** Bring a plan into view, once its nodes are drawn: `focus`, what it makes and what that joins; `made`, the nodes it
 * adds or changes (a preview's ghosts, or the nodes an apply made). On a desktop, `focus`; once applied (`whole`), the
 * whole graph where it shows with its nodes' details (useZoomedIn), so that what the plan joined is seen in its graph
 * rather than cut off at the canvas's edge. On a phone, previewed or applied, the whole graph where it is readable
 * there, else `made` by the rule a project opens by (phoneView.ts): fitted whole, every node was drawn too small to
 * read. */
function useFitPlan() {
  const fitGraph = useFitGraph();
  const phone = useNarrowScreen();
  const { getNodes, getNodesBounds, getInternalNode, getZoom, setViewport } = useReactFlow();
  const heights = (ids: string[]) => ids.map((id) => getInternalNode(id)?.measured.height ?? 0);
  const phoneView = (made: string[]) => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    if (!pane || pane.width === 0) return null;
    const boxes = (ids: string[]) => ids.map((id) => getNodesBounds([id]));
    return phoneChangedView(pane, boxes(getNodes().map((n) => n.id)), boxes(made), PHONE_MIN_ZOOM,
      phoneSidesAbove(dockCover(pane)));
  };
  // xyflow's fitView waits for new nodes to be measured; a viewport set here waits for them itself. Drawn zoomed out
  // (the preview showed the whole plan), nodes are their titles only: the view first goes to the zoom they will be
  // shown at, where they draw their forms, and is fitted again to the sizes they have there.
  const fitPhone = (made: string[]) => whenDrawn(() => heights(made).every((h) => h > 0), () => {
    const first = phoneView(made);
    if (!first) return;
    if (getZoom() >= DETAIL_ZOOM || first.zoom < DETAIL_ZOOM) return void setViewport(first, { duration: 250 });
    const before = heights(made).join();
    void setViewport(first);
    whenDrawn(() => heights(made).join() !== before, () => {
      const view = phoneView(made);
      if (view) void setViewport(view, { duration: 150 });
    }, 30);
  });
  return (focus: string[], made: string[], whole = false) => {
    if (!focus.length) return;
    if (phone) return fitPhone(made.length ? made : focus);
    requestAnimationFrame(() => {
      const zoom = whole ? fitZoom(getNodesBounds(getNodes())) : null;
      fitGraph(zoom !== null && zoom >= DETAIL_ZOOM ? undefined : focus);
    });
  };
}

/** The middle of the visible canvas, in flow coordinates: where new nodes go when nothing anchors them. */
function useViewCentre(): () => XYPosition {
  const { screenToFlowPosition } = useReactFlow();
  return () => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    return pane ? screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
      : { x: 0, y: 0 };
  };
}

/** Keeps what floats at the screen's foot above `element` (the dock, or its ✦ AI button), measured as it grows (a
 * plan's lines, a phone's second row of buttons): the page root's `--ai-dock-cover` says how much of the foot it
 * covers (px; a notice stands above it, NoticeToast), and `--ai-dock-cover-left` and `-right` by how much to lift the
 * canvas's bottom corner panels (zoom controls, minimap) where it spans them (a phone's dock is the screen's width;
 * the button sits in the bottom-right corner; index.css lifts the panels). */
function useDockCover(element: HTMLElement | null, span: DockSpan | null) {
  useEffect(() => clearDockCover, []);  // a viewer's page: no dock, nothing covers the foot
  useEffect(() => {
    if (!element) {
      clearDockCover();
      return;
    }
    const measure = () => {
      const dock = element.getBoundingClientRect();
      const cover = dock.height > 0 ? Math.max(0, window.innerHeight - dock.top) : 0;  // 0 high: not shown
      setRootProperty("--ai-dock-cover", `${cover}px`);
      for (const side of ["left", "right"] as const) {
        const panel = document.querySelector(`.react-flow__panel.bottom.${side}`)?.getBoundingClientRect();
        const under = panel !== undefined && panel.left < dock.right && dock.left < panel.right;
        setRootProperty(`--ai-dock-cover-${side}`, `${under ? cover : 0}px`);
      }
    };
    const first = requestAnimationFrame(measure);  // once the canvas has drawn its panels
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(element);
    window.addEventListener("resize", measure);
    return () => {
      cancelAnimationFrame(first);
      observer?.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, [element, span]);  // moved (a panel opened beside it) without a change of size: what it spans is measured again
}

const DOCK_COVER = ["--ai-dock-cover", "--ai-dock-cover-left", "--ai-dock-cover-right"];

/** Sets a property of the page root only when it changes: any change there restyles the whole page, a 301-node
 * canvas's 5,000 elements (about 30 ms each time), which opening a side panel did four times over. */
function setRootProperty(name: string, value: string) {
  const root = document.documentElement;
  if (root.style.getPropertyValue(name) !== value) root.style.setProperty(name, value);
}

function clearDockCover() {
  for (const name of DOCK_COVER) document.documentElement.style.removeProperty(name);
}

export function AiDock() {
  const open = useEditor((s) => s.dockOpen);
  const hidden = useEditor((s) => s.dockHidden);
  const [shown, setShown] = useState<HTMLElement | null>(null);
  const span = useDockSpan();
  useDockCover(shown, span);
  // the node palette open over a phone's canvas: the dock steps aside, or it would cover the list's foot
  const underPalette = useEditor((s) => paletteOverCanvas(s.paletteOpen));
  const workflowId = useEditor((s) => s.workflow?.id);
  const state = usePreview((s) => s.dock);
  const [input, setInput] = useState("");
  const [field, setField] = useState<HTMLInputElement | null>(null);
  const placeholder = useFittingPlaceholder(field);  // a phone, Dismiss beside it: the example would be cut off
  const fitPlan = useFitPlan();
  const centre = useViewCentre();
  const setDock = useEditor.getState().setDock;
  const planning = state.phase === "planning";
  // Enter applies the preview while the instruction is the one previewed; changed, it is planned anew.
  const applies = state.phase === "preview" && input.trim() === state.instruction;

  useEffect(() => forgetPlans, [workflowId]);  // another project: its preview (and any plan under way) is dropped
  useEffect(() => { if (hidden || !open) discardPlan(); }, [hidden, open]);  // a folded dock previews nothing

  useEffect(() => {  // a new preview: bring its ghosts, and what they join, into view
    if (state.phase === "preview") {
      const ghosts = (state.plan.add_nodes ?? []).map((n) => GHOST_PREFIX + n.id);
      fitPlan(planFocus(state.plan, ghosts), planMade(state.plan, ghosts));
    }
  }, [state]);  // eslint-disable-line react-hooks/exhaustive-deps -- fitted once per answer, not per render

  const plan = (instruction: string) => {
    setInput(instruction);
    void requestPlan(instruction, centre());
  };

  // A node picked in answer to "which one?": selected on the canvas (what "it" means to the planner), and the
  // question's instruction planned again for it.
  const choose = (choice: PlanChoice) => {
    if (state.phase !== "question") return;
    const { nodes, onNodesChange } = useEditor.getState();
    onNodesChange(nodes.filter((n) => Boolean(n.selected) !== (n.id === choice.node_id))
      .map((n) => ({ type: "select" as const, id: n.id, selected: n.id === choice.node_id })));
    plan(state.instruction);
  };

  // A proposal dismissed (a preview, a question, a failure, a plan under way): its request is back in the field to be
  // reworded, unless other words were typed there since; `focus`: the field takes the keyboard (a button was pressed,
  // not Escape over the canvas). Once applied, the field stays empty: that request is done.
  const dismiss = (focus: boolean) => {
    const offered = state.phase === "idle" || state.phase === "applied" ? null : state.instruction;
    discardPlan();
    if (offered === null) return;
    setInput((typed) => (typed.trim() ? typed : offered));
    if (focus) field?.focus();
  };

  // The second Enter of a double press, come just after the preview it asked for: nobody has looked at it yet.
  const tooSoon = () => state.phase === "preview" && performance.now() - state.shownAt < SETTLE_MS;

  const apply = () => {
    if (state.phase === "preview" && previewIsStale()) {  // what it joins was deleted meanwhile: plan it again
      void requestPlan(state.instruction, centre(),
        "The graph changed while this was previewed, so it was planned again on the graph as it is now");
      return;
    }
    const previewed = state.phase === "preview" ? state.plan : null;
    const added = applyPreviewedPlan();
    if (!previewed || added === null) return;
    setInput("");
    fitPlan(planFocus(previewed, added), planMade(previewed, added), true);
  };

  // Enter and Escape answer the preview from anywhere but a field or a button (which have their own Enter).
  useEffect(() => {
    if (state.phase === "idle" || state.phase === "applied") return;  // applied: Escape is the canvas's again
    const plain = (event: KeyboardEvent) => !(event.ctrlKey || event.metaKey || event.altKey || event.shiftKey);
    const onEnter = (event: KeyboardEvent) => {
      if (plain(event) && event.key === "Enter" && state.phase === "preview" && !isTyping(event.target)
        && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        if (!tooSoon()) apply();
      }
    };
    const onEscape = (event: KeyboardEvent) => {  // heard first, and answered: it closes no panel as well
      if (!plain(event) || event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      dismiss(false);
    };
    window.addEventListener("keydown", onEnter);
    window.addEventListener("keydown", onEscape, true);
    return () => {
      window.removeEventListener("keydown", onEnter);
      window.removeEventListener("keydown", onEscape, true);
    };
  });

  if (hidden) {
    return (
      <button type="button" ref={setShown} className="btn fixed right-4 z-40 shadow-md" style={{ bottom: SAFE_BOTTOM }}
        onClick={() => setDock({ dockHidden: false, dockOpen: true })} data-testid="show-dock">
        ✦ AI
      </button>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const instruction = input.trim();
    if (applies) apply();
    else if (instruction && !planning) plan(instruction);
  };

  return (
    <div className={`pointer-events-none fixed z-40 justify-center px-4 ${span ? "" : "inset-x-0"}
      ${underPalette ? "hidden" : "flex"}`} style={{ bottom: SAFE_BOTTOM, left: span?.left, width: span?.width }}>
      <div ref={setShown} className="panel pointer-events-auto w-full max-w-2xl animate-fade-in" data-testid="ai-dock"
        data-phase={state.phase} role="region" aria-label="AI input dock">
        {open ? (
          <>
            <PlanPanel state={state} onPick={plan} onChoose={choose} />
            {/* Where the field and the buttons do not fit on one row (a phone), the buttons take a row of their
                own under the field, rather than running off the screen. */}
            <form onSubmit={submit} className="flex flex-wrap items-center gap-2 p-2" data-testid="ai-dock-bar">
              <span className="flex min-w-0 flex-[1_1_10rem] items-center gap-2">
                <span className="pl-2 text-accent" aria-hidden="true">✦</span>
                <input ref={setField} value={input} onChange={(e) => setInput(e.target.value)} readOnly={planning}
                  onKeyDown={(e) => { if (e.key === "Enter" && applies && tooSoon()) e.preventDefault(); }}
                  placeholder={placeholder}
                  aria-label="Instruction for the AI" aria-busy={planning}
                  className="min-w-0 flex-1 bg-transparent py-1.5 text-sm outline-none" />
              </span>
              <span className="ml-auto flex shrink-0 items-center gap-2">
                <button type="submit" className="btn btn-primary" disabled={planning || !input.trim()}
                  title={applies ? "Apply the plan as one step (Enter)" : undefined}>
                  {planning ? "Planning…" : applies ? (state.again ? "Apply again" : "Apply") : "Build"}
                </button>
                {state.phase !== "idle" && (
                  <button type="button" className="btn" onClick={() => dismiss(true)}
                    title={state.phase === "applied" ? undefined : "Discard (Escape)"}>
                    {state.phase === "preview" ? "Discard" : planning ? "Cancel" : "Dismiss"}
                  </button>
                )}
                <button type="button" className="btn px-2" onClick={() => setDock({ dockOpen: false })}
                  aria-label="Collapse the AI dock" title="Collapse">▾</button>
                <button type="button" className="btn px-2" onClick={() => setDock({ dockHidden: true })}
                  aria-label="Hide the AI dock" title="Hide (Ctrl+J)">✕</button>
              </span>
            </form>
          </>
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
