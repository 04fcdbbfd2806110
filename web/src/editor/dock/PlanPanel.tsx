// Above the dock's input: what the planner proposes (summary, changes, assumptions, what it did not understand,
// what it would cost, and whether the same was applied just before), the question it asks back with close matches
// or the nodes it could mean to pick, that a plan was applied (with what it assumed, still there until the next
// instruction), or why planning failed.

import type { Plan } from "../../api/types";
import { useEditor } from "../store/editorStore";
import { changeLines, creditsText } from "./ghosts";
import { pointAt, type AppliedPlan, type DockPhase } from "./preview";

/** A node a question offers to pick, named as the canvas names it in words ("Blur (2)"), by its id. */
export type PlanChoice = NonNullable<Plan["choices"]>[number];

const UNDO_KEYS = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘Z" : "Ctrl+Z";

function Section({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <div className="mt-2" data-testid={testId}>
      <p className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{title}</p>
      <ul className="mt-0.5 list-disc space-y-0.5 pl-5 text-xs text-zinc-600 dark:text-zinc-300">
        {items.map((item) => <li key={item}>{item}</li>)}
      </ul>
    </div>
  );
}

/** The words of the instruction the plan does not act on, on one line. */
function NotUnderstood({ words }: { words: string[] }) {
  if (words.length === 0) return null;
  return (
    <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-300" data-testid="plan-not-understood">
      <span className="font-semibold text-zinc-500">Not understood: </span>{words.map((w) => `“${w}”`).join(", ")}
    </p>
  );
}

/** The same instruction applied a moment ago, its nodes still on the canvas: applying this adds a second copy. */
function AppliedAlready({ again }: { again: AppliedPlan }) {
  const count = again.added.length;
  return (
    <p role="status" data-testid="plan-again" className="mb-2 rounded border border-amber-300 bg-amber-50 px-2 py-1
      text-xs text-amber-900 dark:border-amber-500/50 dark:bg-amber-950/60 dark:text-amber-100">
      You applied “{again.instruction}” a moment ago, and its {count === 1 ? "node is" : `${count} nodes are`} still
      on the canvas. Applying it again adds a second copy: Apply again, or Discard to keep one.
    </p>
  );
}

function ProposedChange({ plan, again }: { plan: Plan; again?: AppliedPlan }) {
  const nodes = useEditor((s) => s.nodes);
  const specs = useEditor((s) => s.specsByType);
  const changes = changeLines(plan, nodes, specs);
  const added = plan.add_nodes?.length ?? 0;
  const removed = plan.remove_edges?.length ?? 0;
  const counts = [
    added ? `${added} new node${added === 1 ? "" : "s"}` : "",
    plan.add_edges?.length ? `${plan.add_edges.length} new connection${plan.add_edges.length === 1 ? "" : "s"}` : "",
    removed ? `${removed} connection${removed === 1 ? "" : "s"} replaced` : "",
  ].filter(Boolean).join(" · ");
  return (
    <div data-testid="plan-preview">
      {again && <AppliedAlready again={again} />}
      <div className="flex items-start gap-2">
        <p className="flex-1 text-sm font-semibold" data-testid="plan-summary">{plan.summary}</p>
        <span className="shrink-0 rounded-full bg-accent/10 px-2 py-0.5 text-xs font-medium text-accent"
          data-testid="plan-credits">{creditsText(plan.credits)}</span>
      </div>
      <p className="mt-0.5 text-[11px] text-zinc-500">
        {counts ? `${counts} · ` : ""}{plan.planner === "llm" ? "planned by the AI model" : "planned offline"}
      </p>
      <Section title="Changes" items={changes} testId="plan-changes" />
      <Section title="Assumptions" items={plan.assumptions ?? []} testId="plan-assumptions" />
      <NotUnderstood words={plan.not_understood ?? []} />
    </div>
  );
}

const PICK = `rounded-full border border-zinc-200 px-2.5 py-1 text-xs hover:border-accent hover:text-accent
  dark:border-zinc-700`;

function Question({ plan, onPick, onChoose }: Handlers & { plan: Plan }) {
  const suggestions = plan.suggestions ?? [];
  const choices = plan.choices ?? [];
  return (
    <div data-testid="plan-question">
      <p className="text-sm font-medium">{plan.question ?? plan.summary}</p>
      {choices.length > 0 && (
        <div className="mt-2 flex flex-wrap gap-1.5" role="group" aria-label="Pick the node to change">
          {choices.map((choice) => (
            <button key={choice.node_id} type="button" data-testid="plan-choice" data-node-id={choice.node_id}
              title={`Change ${choice.label}: it is outlined on the canvas`}
              onMouseEnter={() => pointAt(choice.node_id)} onFocus={() => pointAt(choice.node_id)}
              onMouseLeave={() => pointAt(null)} onBlur={() => pointAt(null)}
              onClick={() => onChoose(choice)} className={`${PICK} font-medium`}>
              {choice.label}
            </button>
          ))}
        </div>
      )}
      {suggestions.length > 0 && (
        <div className="mt-2 flex flex-wrap gap-1.5" role="group" aria-label="Try instead">
          {suggestions.map((text) => (
            <button key={text} type="button" data-testid="plan-suggestion" onClick={() => onPick(text)}
              className={PICK}>
              {text}
            </button>
          ))}
        </div>
      )}
      <NotUnderstood words={plan.not_understood ?? []} />
    </div>
  );
}

/** That the plan was applied (or, once undone, taken back), and a button taking it back (as Undo does). Its
 * assumptions stay under it until the next instruction: why the canvas differs from what was asked ("Upscale's scale
 * is 2, not 4: …") is still said once the preview that said it is gone. */
function Applied({ state }: { state: Extract<DockPhase, { phase: "applied" }> }) {
  const nodes = useEditor((s) => s.nodes);
  const undone = state.added.length > 0 && !state.added.some((id) => nodes.some((n) => n.id === id));
  return (
    <>
      <p className="text-sm" data-testid="plan-applied" data-undone={undone}>
        {undone ? <>Taken back: “{state.instruction}” is no longer on the canvas.</> : (
          <><span className="font-semibold text-emerald-700 dark:text-emerald-400">✓ Applied: </span>
            {state.plan.summary}
            {/* a button, not only the keys: a phone has no keyboard and keeps Undo in its More menu */}
            <span className="text-xs text-zinc-500"> · <button type="button" className="underline hover:text-zinc-700
              dark:hover:text-zinc-300" onClick={() => useEditor.getState().undo()} title={`Undo (${UNDO_KEYS})`}>
              Take it back</button></span></>
        )}
      </p>
      {!undone && <Section title="Assumptions" items={state.plan.assumptions ?? []} testId="applied-assumptions" />}
    </>
  );
}

interface Handlers {
  /** Plan a suggestion the person picked. */
  onPick: (text: string) => void;
  /** Plan the question's instruction again on the node the person picked. */
  onChoose: (choice: PlanChoice) => void;
}

/** The panel for the dock's `state`; nothing while idle. */
export function PlanPanel({ state, onPick, onChoose }: Handlers & { state: DockPhase }) {
  if (state.phase === "idle") return null;
  return (
    <div className="max-h-[40vh] overflow-y-auto border-b border-zinc-200 px-4 py-3 dark:border-zinc-800"
      aria-live="polite" data-testid="plan-panel" data-phase={state.phase}>
      {state.phase === "planning" && (
        <p className="text-sm text-zinc-500" data-testid="plan-planning">Planning “{state.instruction}”…</p>
      )}
      {state.phase === "preview" && <ProposedChange plan={state.plan} again={state.again} />}
      {state.phase === "question" && <Question plan={state.plan} onPick={onPick} onChoose={onChoose} />}
      {state.phase === "applied" && <Applied state={state} />}
      {state.phase === "failed" && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid="plan-error">{state.message}</p>
      )}
    </div>
  );
}
