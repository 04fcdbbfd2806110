// The notices of runs with problems, each problem with the name of its node, the first few, then how many more:
// nodes the server left out of a run (a problem on them, or on a node they need), and a run refused as a whole.

import type { NotRunnableNode } from "../api/runs";
import type { Problem } from "../api/types";

/** How many nodes (or problems) a notice names before it says "and N more". */
export const NAMED_AT_MOST = 3;

/** The first problem of `node` that is its own (not "needs a node that can't run"), else its first; null if none. */
function ownProblem(node: NotRunnableNode): string | null {
  const problem = node.problems.find((p) => p.code !== "upstream_invalid") ?? node.problems[0];
  return problem?.message ?? null;
}

/** "Blur: Width must be at least 1", or the message alone when it names its node already. */
const onNode = (title: string, message: string) => (message.includes(title) ? message : `${title}: ${message}`);

const andMore = (more: number) => (more > 0 ? `; and ${more} more` : "");

const hasOwnProblem = (node: NotRunnableNode) => node.problems.some((p) => p.code !== "upstream_invalid");

/**
 * "3 nodes can't run yet: Connect an image to Blur's Image input; Crop: Width must be at least 1; and 1
 * more": the nodes with problems of their own come first (the ones to fix), each named by `titleOf(node)` unless its
 * message names it already; nodes that only need one of them are counted in "and N more". `nodes` is not empty.
 */
export function notRunnableText(nodes: readonly NotRunnableNode[], titleOf: (node: NotRunnableNode) => string): string {
  const own = nodes.filter(hasOwnProblem);
  const named = (own.length ? own : nodes).slice(0, NAMED_AT_MOST).map((node) => {
    const title = titleOf(node);
    const problem = ownProblem(node);
    return problem ? onNode(title, problem) : `${title} has a problem`;
  });
  const count = nodes.length === 1 ? "1 node can't" : `${nodes.length} nodes can't`;
  return `${count} run yet: ${named.join("; ")}${andMore(nodes.length - named.length)}`;
}

/**
 * "Can't run yet: Connect an image to Blur's Image input; Crop: Width must be at least 1; Upload an image
 * into Image Upload first; and 2 more": the notice of a run the server refused as a whole (422: nothing could run),
 * its first NAMED_AT_MOST problems, each named by `titleOf(node_id)` unless its message names it already; a problem
 * of no node (a document from a newer studio) in its own words. `problems` is not empty.
 */
export function refusedRunText(problems: readonly Problem[], titleOf: (nodeId: string) => string): string {
  const named = problems.slice(0, NAMED_AT_MOST)
    .map((problem) => (problem.node_id ? onNode(titleOf(problem.node_id), problem.message) : problem.message));
  return `Can't run yet: ${named.join("; ")}${andMore(problems.length - named.length)}`;
}
