// The AI dock's state: the instruction being planned, the plan previewed on the canvas (its ghosts), a question the
// planner asks back, or why planning failed. Nothing here is part of the graph: applying the plan is one call to
// the editor store (one undoable step); discarding it only forgets it.

import { applyNodeChanges, type NodeChange, type XYPosition } from "@xyflow/react";
import { create } from "zustand";
import { planChange } from "../../api/agents";
import { ApiError, isNetworkError } from "../../api/client";
import type { Plan } from "../../api/types";
import { toDocument } from "../graph/document";
import { changesSomething } from "../graph/patch";
import { editable, useEditor } from "../store/editorStore";
import { isStudioNode } from "../types";
import { clearOfGraph, ghostNodes, planIsStale, type GhostNode } from "./ghosts";

export type DockPhase =
  | { phase: "idle" }
  | { phase: "planning"; instruction: string }
  /** A patch to look at: its ghosts are on the canvas until it is applied or discarded. `shownAt`: when it
   * appeared (performance.now()), so that a double press of Enter does not apply what nobody has seen. */
  | { phase: "preview"; instruction: string; plan: Plan; shownAt: number; again?: AppliedPlan }
  /** Just applied (`added`: the ids of the nodes it added), said until the next instruction or Dismiss. */
  | { phase: "applied"; instruction: string; plan: Plan; added: string[] }
  /** Nothing planned: the planner asks what was meant, with close matches to pick from. */
  | { phase: "question"; instruction: string; plan: Plan }
  | { phase: "failed"; instruction: string; message: string };

/** A plan applied from the dock: what was asked, and the ids of the nodes it added. */
export interface AppliedPlan {
  instruction: string;
  added: string[];
}

export interface PreviewState {
  dock: DockPhase;
  /** The preview's new nodes as the canvas draws them (with their measured sizes); empty unless previewing. */
  ghosts: GhostNode[];
  /** The last plan applied, so that the same instruction previewed again says so before it adds a second copy. */
  applied: AppliedPlan | null;
  /** The node a "which one?" choice under the pointer (or the keyboard) names: the canvas outlines it. */
  pointed: string | null;
}

export const usePreview = create<PreviewState>()(() => ({
  dock: { phase: "idle" }, ghosts: [], applied: null, pointed: null,
}));

/** Outline `nodeId` on the canvas while its "which one?" choice is pointed at; null: none. */
export function pointAt(nodeId: string | null): void {
  usePreview.setState({ pointed: nodeId });
}

/** The node to outline: a choice of the question now asked is pointed at (a stale one outlines nothing). */
export const pointedChoice = (state: PreviewState): string | null =>
  state.dock.phase === "question" && state.dock.plan.choices?.some((c) => c.node_id === state.pointed)
    ? state.pointed : null;

/** The plan being previewed, if any. */
export const previewedPlan = (state: PreviewState): Plan | null =>
  state.dock.phase === "preview" ? state.dock.plan : null;

/** The most selected node ids a plan request names (the server's limit, karate/agents/patch.py). */
const MAX_SELECTION = 500;
/** The longest instruction the planner reads (the server's limit, MAX_INSTRUCTION in karate/agents/patch.py). */
export const MAX_INSTRUCTION = 2000;
/** A preview younger than this (ms) is not applied: the second press of a double Enter, not a decision. */
export const SETTLE_MS = 400;

let pending: AbortController | null = null;

/** What a person reads when planning failed: the server's own words, or what to do when it did not answer. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError && error.code) return error.message;
  if (error instanceof ApiError) return `The planner did not answer (${error.message}). Try again in a moment.`;
  if (isNetworkError(error)) return "The studio can't be reached. Check your connection, then try again.";
  return "Planning failed. Try again, or say it in other words.";
}

/** Ask the planner for `instruction` on the graph as it is now; a plan asked for before is dropped. `origin`: where
 * new nodes go when nothing on the canvas anchors them (the view's centre, flow coordinates). */
export async function requestPlan(instruction: string, origin: XYPosition, note?: string): Promise<void> {
  pending?.abort();
  pending = null;
  if (instruction.length > MAX_INSTRUCTION) {
    const count = instruction.length.toLocaleString("en-US");
    usePreview.setState({ dock: { phase: "failed", instruction, message: `That instruction is ${count} characters `
      + `long; the AI reads up to ${MAX_INSTRUCTION.toLocaleString("en-US")}. Say it in fewer words, or one step at `
      + "a time." }, ghosts: [] });
    return;
  }
  const controller = new AbortController();
  pending = controller;
  usePreview.setState({ dock: { phase: "planning", instruction }, ghosts: [] });
  const { nodes, edges } = useEditor.getState();
  const selection = nodes.filter((n) => n.selected && isStudioNode(n)).map((n) => n.id).slice(0, MAX_SELECTION);
  try {
    const plan = await planChange({ instruction, workflow: toDocument(nodes, edges), selection,
      origin: { x: Math.round(origin.x), y: Math.round(origin.y) } }, controller.signal);
    if (pending !== controller) return;
    showPlan(instruction, note ? { ...plan, assumptions: [note, ...(plan.assumptions ?? [])] } : plan);
  } catch (error) {
    if (pending !== controller) return;  // overtaken or discarded: nobody waits for it
    usePreview.setState({ dock: { phase: "failed", instruction, message: failureText(error) }, ghosts: [] });
  } finally {
    if (pending === controller) pending = null;
  }
}

/** Show the planner's answer: a patch previewed on the canvas (its new nodes clear of the nodes drawn there), or
 * its question. */
export function showPlan(instruction: string, answer: Plan): void {
  if (answer.status === "question" || !changesSomething(answer)) {
    usePreview.setState({ dock: { phase: "question", instruction, plan: answer }, ghosts: [] });
    return;
  }
  const { nodes, specsByType } = useEditor.getState();
  const plan = clearOfGraph(answer, nodes, specsByType);
  usePreview.setState({ dock: { phase: "preview", instruction, plan, shownAt: performance.now(),
    again: appliedBefore(instruction) }, ghosts: ghostNodes(plan) });
}

const sameWords = (a: string, b: string) => a.trim().replace(/\s+/g, " ").toLowerCase()
  === b.trim().replace(/\s+/g, " ").toLowerCase();

/** The plan applied last, when it was asked in the same words and what it added is still on the canvas (not
 * undone, not deleted): applying the new preview would add a second copy of it. */
function appliedBefore(instruction: string): AppliedPlan | undefined {
  const { applied } = usePreview.getState();
  if (!applied || !sameWords(applied.instruction, instruction) || applied.added.length === 0) return undefined;
  const ids = new Set(useEditor.getState().nodes.map((n) => n.id));
  return applied.added.some((id) => ids.has(id)) ? applied : undefined;
}

/** Whether the preview changed since its plan was made so that it would land half-connected (a node it joins
 * was deleted meanwhile); such a plan is planned again on the graph as it is, not applied. */
export function previewIsStale(): boolean {
  const plan = previewedPlan(usePreview.getState());
  const { nodes, edges } = useEditor.getState();
  return plan !== null && planIsStale(plan, nodes, edges);
}

/** Forget the plan (and any plan under way): the canvas is as it was. */
export function discardPlan(): void {
  pending?.abort();
  pending = null;
  usePreview.setState({ dock: { phase: "idle" }, ghosts: [] });
}

/** Forget the plan and the one applied before it (another project is open). */
export function forgetPlans(): void {
  discardPlan();
  usePreview.setState({ applied: null });
}

/** Apply the previewed plan as one undoable step, and say so in the dock; the ids of the nodes it added (selected),
 * or null when there was nothing to apply or the project takes no changes now (the dock then says so). */
export function applyPreviewedPlan(): string[] | null {
  const plan = previewedPlan(usePreview.getState());
  if (!plan) return null;
  const editor = useEditor.getState();
  if (!editable(editor)) {
    usePreview.setState({ dock: { phase: "failed", instruction: instructionOf(), message:
      "The project isn't connected right now, so the plan can't be applied. Wait until it is, then build it again." },
    ghosts: [] });
    return null;
  }
  // The ghosts go first: a ghost and the node it becomes are never on the canvas together.
  const instruction = instructionOf();
  usePreview.setState({ dock: { phase: "idle" }, ghosts: [] });
  const before = new Set(editor.nodes.map((n) => n.id));
  editor.applyPlan(plan);
  const nodes = useEditor.getState().nodes;
  const added = nodes.filter((n) => !before.has(n.id)).map((n) => n.id);
  usePreview.setState({ dock: { phase: "applied", instruction, plan, added }, applied: { instruction, added } });
  return nodes.filter((n) => n.selected).map((n) => n.id);
}

function instructionOf(): string {
  const dock = usePreview.getState().dock;
  return dock.phase === "idle" ? "" : dock.instruction;
}

/** The canvas measured the ghosts (their size, their handles): kept, so their edges are drawn. */
export function onGhostChanges(changes: NodeChange<GhostNode>[]): void {
  if (changes.length === 0) return;
  usePreview.setState((s) => ({ ghosts: applyNodeChanges(changes, s.ghosts) }));
}
