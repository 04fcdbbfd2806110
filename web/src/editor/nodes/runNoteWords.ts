// What a node's run note says in the editor's words where the server's are the command line's: the node a node
// waits on, named as the canvas names it (notRunnable.waitingText), the file an upload node opened from a
// workflow file names (namedFiles.ts), and that a model's failure for want of a provider key is past once a key is
// set. Worked out from the store, once per graph for all the nodes that ask.

import { canvasNames } from "../graph/nodeNames";
import { chooseRoute, connectedInputsKey } from "../graph/providers";
import { namedFile, namedFileText } from "../namedFiles";
import { waitingText } from "../notRunnable";
import type { EditorState } from "../store/editorStore";
import { blockedOnItsOwn, parentsOf, showsProblem, UPSTREAM_INVALID, waitedOn } from "../store/runProblems";
import { isStudioNode, type EditorEdge, type EditorNode } from "../types";

let indexedFrom: readonly EditorNode[] | null = null;
let byId = new Map<string, EditorNode>();
let wiredFrom: readonly EditorEdge[] | null = null;
let parents = new Map<string, string[]>();

/** The nodes by id, worked out once per graph (a drag changes it every frame, and every node asks). */
function nodeById(nodes: readonly EditorNode[], id: string): EditorNode | undefined {
  if (indexedFrom !== nodes) {
    indexedFrom = nodes;
    byId = new Map(nodes.map((node) => [node.id, node]));
  }
  return byId.get(id);
}

function parentsOfWires(edges: readonly EditorEdge[]): ReadonlyMap<string, readonly string[]> {
  if (wiredFrom !== edges) {
    wiredFrom = edges;
    parents = parentsOf(edges);
  }
  return parents;
}

type NoteState = Pick<EditorState, "nodes" | "edges" | "nodeRuns" | "specsByType">;

/** The type id of node `id` when this studio does not know its type, else null. */
function unknownTypeOf(state: NoteState, id: string): string | null {
  const node = nodeById(state.nodes, id);
  return node && isStudioNode(node) && !state.specsByType.has(node.data.nodeType) ? node.data.nodeType : null;
}

/** What node `nodeId` says of the node it waits on (waitingText), when it can't run only because of a node it needs
 * and that node is on the canvas; null otherwise (the server's words stand). */
export function waitingWords(state: NoteState, nodeId: string): string | null {
  if (state.nodeRuns[nodeId]?.errorCode !== UPSTREAM_INVALID || state.specsByType.size === 0) return null;
  const root = waitedOn(nodeId, parentsOfWires(state.edges),
    (id) => unknownTypeOf(state, id) !== null || blockedOnItsOwn(state.nodeRuns[id]));
  if (root === null) return null;
  const name = canvasNames(state.nodes, state.specsByType).get(root) ?? root;
  return waitingText(name, unknownTypeOf(state, root), state.nodeRuns[root]?.error ?? "");
}

/** What upload node `nodeId` says of the file its workflow file named and it does not hold (namedFileText), or null. */
export function namedFileWords(state: Pick<EditorState, "nodes" | "specsByType">, nodeId: string): string | null {
  const node = nodeById(state.nodes, nodeId);
  if (!node || !isStudioNode(node)) return null;
  const file = namedFile(nodeId, state.specsByType.get(node.data.nodeType), node.data.params ?? {});
  return file && namedFileText(file);
}

/** The server's code of "no provider of this model has a key in this studio" (ProviderNotConfigured,
 * karate/providers/errors.py). */
const NO_PROVIDER_KEY = "provider_not_configured";

/** The provider that would run model node `nodeId` now, when its last run failed for want of a provider key and a
 * key for one of the routes that fit it is set since (an admin set it and restarted the studio); null otherwise,
 * its failure standing as the server said it. */
export function keySetSince(state: NoteState & Pick<EditorState, "providers">, nodeId: string): string | null {
  const run = state.nodeRuns[nodeId];
  if (run?.errorCode !== NO_PROVIDER_KEY || !showsProblem(run) || !state.providers) return null;
  const node = nodeById(state.nodes, nodeId);
  const spec = node && isStudioNode(node) ? state.specsByType.get(node.data.nodeType) : undefined;
  if (!spec) return null;
  const connected = connectedInputsKey(state.edges, nodeId);
  const choice = chooseRoute(spec, state.providers, new Set(connected ? connected.split(",") : []));
  return choice?.kind === "ready" ? choice.provider : null;
}

/** What a node says of its last run's failure for want of a provider key once a key for `provider` is set: that it
 * is past, and what to do now. */
export const keySetText = (provider: string): string =>
  `Its last run failed: this studio had no key for its provider then. A key for ${provider} is set now: run it again.`;
