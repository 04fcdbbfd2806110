// What a run's problems do to the nodes on screen: the state a problem puts a node in, whose problem it is (the
// node's own, or a node it needs), which node a node waits on, and which nodes' problems an edit answers.

import type { Problem } from "../../api/types";
import type { EditorEdge, NodeRunState } from "../types";

/** The server's code of "this node needs a node that can't run". */
export const UPSTREAM_INVALID = "upstream_invalid";
/** The server's code of "the text this node's input is fed is empty". */
const EMPTY_INPUT = "empty_input";

/** The state of a node that can't run for `problems` (a run leaves it out, or the server refuses the run over it):
 * `blocked`, the first problem's code as its kind; each message names its field in words, so there is no raw key
 * to add. */
export function problemState(problems: readonly Problem[]): NodeRunState {
  return { status: "blocked", error: problems.map((p) => p.message).join("; "), errorCode: problems[0]?.code };
}

/** Whether `run` shows a problem: it failed, or can't run. */
export const showsProblem = (run: NodeRunState | undefined): boolean =>
  run?.status === "failed" || run?.status === "blocked";

/** Whether `run` was not run only because of a node it needs (skipped after that node failed, or blocked by that
 * node's problem): what it says is that node's problem, not its own. */
export const waitsOnOthers = (run: NodeRunState | undefined): boolean =>
  run?.status === "skipped" || (run?.status === "blocked" && run.errorCode === UPSTREAM_INVALID);

/** Whether `run` can't run for a problem of its own (not only because of a node it needs). */
export const blockedOnItsOwn = (run: NodeRunState | undefined): boolean =>
  run?.status === "blocked" && run.errorCode !== UPSTREAM_INVALID;

/** Each node's parents (the nodes wired into it), by id. */
export function parentsOf(edges: readonly EditorEdge[]): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const edge of edges) {
    const known = parents.get(edge.target);
    if (known) known.push(edge.source);
    else parents.set(edge.target, [edge.source]);
  }
  return parents;
}

/** The node `nodeId` waits on: of the nodes upstream of it (`parents`: parentsOf the canvas's wires), the nearest
 * for which `cantRun` holds (a node of a type this studio does not know, one blocked by a problem of its own), the
 * first wired in among those as near; null when none is. */
export function waitedOn(nodeId: string, parents: ReadonlyMap<string, readonly string[]>,
  cantRun: (id: string) => boolean): string | null {
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  for (let i = 0; i < queue.length; i += 1) {
    for (const parent of parents.get(queue[i]) ?? []) {
      if (seen.has(parent)) continue;
      if (cantRun(parent)) return parent;
      seen.add(parent);
      queue.push(parent);
    }
  }
  return null;
}

/** Whether an edit can answer `run`'s problem now: a node that can't run at once, a failure once the run is over
 * (`busy` false: a failure during a run is that run's news). */
const answerable = (run: NodeRunState | undefined, busy: boolean) =>
  run?.status === "blocked" || (run?.status === "failed" && !busy);

/**
 * The nodes whose problems an edit of `nodeId` answers (their states speak of the graph before it): its own, the
 * empty text it fed a node ("the text from Prompt is empty"), then the nodes downstream that only waited for those
 * and need no other node that still shows a problem. Empty when the edit answers none.
 */
export function answeredBy(nodeId: string, runs: Readonly<Record<string, NodeRunState>>,
  edges: readonly EditorEdge[], busy: boolean): string[] {
  const answered = new Set<string>();
  if (answerable(runs[nodeId], busy)) answered.add(nodeId);
  for (const edge of edges) {
    const fed = runs[edge.target];
    if (edge.source === nodeId && answerable(fed, busy) && fed?.errorCode === EMPTY_INPUT) answered.add(edge.target);
  }
  if (answered.size === 0) return [];
  const stillWrong = Object.keys(runs).filter((id) => !answered.has(id) && showsProblem(runs[id])
    && !waitsOnOthers(runs[id]));
  const held = downstream(stillWrong, edges);
  for (const id of downstream(answered, edges)) {
    if (!held.has(id) && waitsOnOthers(runs[id])) answered.add(id);
  }
  return [...answered];
}

/** `starts` and every node downstream of them: one pass over the edges however many nodes it starts from. */
function downstream(starts: Iterable<string>, edges: readonly EditorEdge[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const edge of edges) {
    const known = children.get(edge.source);
    if (known) known.push(edge.target);
    else children.set(edge.source, [edge.target]);
  }
  const seen = new Set(starts);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i += 1) {
    for (const child of children.get(queue[i]) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return seen;
}
