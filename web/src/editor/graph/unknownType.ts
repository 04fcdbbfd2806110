// A node whose type this studio does not know (most often a typo in a hand-written workflow file, else a project made
// with a newer version): what a designer is told of it, once, naming the known node it may have meant by its title.
// The server's words ("unknown node type 'tool.nope' (did you mean tool.crop?); `karate nodes` lists ...") are for the CLI.

import type { NodeSpec, Problem } from "../../api/types";

/** The server's code of "no node type has this id". */
export const UNKNOWN_TYPE = "unknown_type";

/** Edits (insert, delete, replace) from `a` to `b`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** The known type whose id is closest to `typeId` (at most 40% of it differs, as the server's hint), or null. */
export function closestSpec(typeId: string, specs: ReadonlyMap<string, NodeSpec>): NodeSpec | null {
  let best: { spec: NodeSpec; score: number } | null = null;
  for (const [id, spec] of specs) {
    const score = 1 - distance(typeId, id) / Math.max(typeId.length, id.length);
    if (score >= 0.6 && (!best || score > best.score)) best = { spec, score };
  }
  return best?.spec ?? null;
}

/** What the node says of its type: the likely cause first when a known type is close ("This studio has no
 * “tool.blurr” node: did you mean Blur?", a typo in a hand-written file), else that the project may be newer
 * ("This studio has no “model.teleporter” node (the project may come from a newer version). Delete it, or replace it
 * with another node."). */
export function unknownTypeWords(typeId: string, specs: ReadonlyMap<string, NodeSpec>): string {
  const close = closestSpec(typeId, specs);
  if (close) return `This studio has no “${typeId}” node: did you mean ${close.title}?`;
  return `This studio has no “${typeId}” node (the project may come from a newer version). `
    + "Delete it, or replace it with another node.";
}

/** `problem` in a designer's words: an unknown type's said as `unknownTypeWords` (`typeOf` its node's type), any
 * other as it is. */
export function inDesignerWords(problem: Problem, typeOf: (nodeId: string) => string | undefined,
  specs: ReadonlyMap<string, NodeSpec>): Problem {
  const type = problem.code === UNKNOWN_TYPE && problem.node_id ? typeOf(problem.node_id) : undefined;
  return type ? { ...problem, message: unknownTypeWords(type, specs) } : problem;
}
