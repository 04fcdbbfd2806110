// The notice a run gives when the server leaves nodes out of it (a problem on them, or on a node they need): each
// node with a problem of its own, by name, the first few of them, then how many more.

import type { NotRunnableNode } from "../api/runs";

/** How many nodes the notice names before it says "and N more". */
export const NAMED_AT_MOST = 3;

/** The first problem of `node` that is its own (not "needs a node that can't run"), else its first; null if none. */
function ownProblem(node: NotRunnableNode): string | null {
  const problem = node.problems.find((p) => p.code !== "upstream_invalid") ?? node.problems[0];
  return problem?.message ?? null;
}

const hasOwnProblem = (node: NotRunnableNode) => node.problems.some((p) => p.code !== "upstream_invalid");

/**
 * "3 nodes can't run yet: Blur: input 'image' (image) needs a connection; Crop: Width must be at least 1; and 1
 * more": the nodes with problems of their own come first (the ones to fix), each named by `titleOf(node)` unless its
 * message names it already; nodes that only need one of them are counted in "and N more". `nodes` is not empty.
 */
export function notRunnableText(nodes: readonly NotRunnableNode[], titleOf: (node: NotRunnableNode) => string): string {
  const own = nodes.filter(hasOwnProblem);
  const named = (own.length ? own : nodes).slice(0, NAMED_AT_MOST).map((node) => {
    const title = titleOf(node);
    const problem = ownProblem(node);
    if (!problem) return `${title} has a problem`;
    return problem.includes(title) ? problem : `${title}: ${problem}`;
  });
  const more = nodes.length - named.length;
  const count = nodes.length === 1 ? "1 node can't" : `${nodes.length} nodes can't`;
  return `${count} run yet: ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}
