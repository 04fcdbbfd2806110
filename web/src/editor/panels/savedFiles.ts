// Which of the Results panel's items are saved files: what a Save node saved, among a run's other results.

import type { NodeSpec } from "../../api/types";
import type { EditorNode } from "../types";
import type { ViewerItem } from "../viewer/results";

/** The node category whose results are saved files: the Save nodes'. */
const SAVING = "outputs";

/** The keys of the items that are saved files: results of a node of the outputs category (Save Image). */
export function savedFileKeys(items: readonly ViewerItem[], nodes: readonly EditorNode[],
  specsByType: ReadonlyMap<string, NodeSpec>): ReadonlySet<string> {
  const saving = new Set(nodes.filter((node) => node.type === "studio"
    && specsByType.get(node.data.nodeType)?.category === SAVING).map((node) => node.id));
  return new Set(items.filter((item) => saving.has(item.nodeId)).map((item) => item.key));
}
