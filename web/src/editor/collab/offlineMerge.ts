// What merging edits made apart cost someone: the same setting changed on both sides while this page was offline
// (Yjs keeps one of the two, silently), or a node one side changed and the other deleted (the change goes with
// it). Worked out from three graphs: `base`, this page's document when its link dropped; `mine`, it when the link
// came back (with the offline edits); `theirs`, base with what the server sent on return (the others' edits
// meanwhile); and `merged`, the document once both are in. Nothing here reads the network.

import { listInWords } from "../../words";
import type { DocEdge, DocNode, NodeSpec, WorkflowDocument } from "../../api/types";
import { namer, valueWords, type Namer } from "../versions/diffWords";
import { sameJson } from "./ydoc";

/** A node's fields a person sets, besides its parameters (where it sits and its frame are not "work" lost). */
const FIELDS = ["title", "bypass"] as const;

/** One setting both sides changed: which value the merge kept, and the other. */
export interface Clash {
  nodeId: string;
  nodeType: string;
  /** A parameter's name, or a node field (`title`, `bypass`) prefixed with "@". */
  key: string;
  mine: unknown;
  theirs: unknown;
  kept: "mine" | "theirs";
}

/** What the merge cost: settings changed on both sides, and nodes one side changed while the other deleted. */
export interface OfflineCost {
  clashes: Clash[];
  /** Nodes this page changed offline that a collaborator deleted meanwhile (the node, as this page had it). */
  deletedByThem: DocNode[];
  /** The connections those nodes had on this page. */
  deletedEdges: DocEdge[];
  /** Nodes this page deleted offline that a collaborator changed meanwhile (the node, as they had it). */
  deletedByMe: DocNode[];
}

const byId = (document: WorkflowDocument) => new Map(document.nodes.map((node) => [node.id, node]));

/** A node's settings, by key: its parameters and its FIELDS ("@title"). */
function settings(node: DocNode): Map<string, unknown> {
  const out = new Map<string, unknown>(Object.entries(node.params ?? {}));
  const fields = node as unknown as Record<string, unknown>;
  for (const field of FIELDS) if (fields[field] !== undefined) out.set(`@${field}`, fields[field]);
  return out;
}

/** The keys of `node`'s settings that differ from `before`'s. */
function changedKeys(before: DocNode, node: DocNode): string[] {
  const a = settings(before);
  const b = settings(node);
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => !sameJson(a.get(key), b.get(key)));
}

/** What merging `mine` (offline edits on `base`) and `theirs` (the others' edits on `base`) into `merged` cost. */
export function offlineCost(base: WorkflowDocument, mine: WorkflowDocument, theirs: WorkflowDocument,
  merged: WorkflowDocument): OfflineCost {
  const [before, mineNodes, theirNodes, mergedNodes] = [base, mine, theirs, merged].map(byId);
  const cost: OfflineCost = { clashes: [], deletedByThem: [], deletedEdges: [], deletedByMe: [] };
  for (const [id, original] of before) {
    const my = mineNodes.get(id);
    const their = theirNodes.get(id);
    if (my && !their && !mergedNodes.has(id) && changedKeys(original, my).length) cost.deletedByThem.push(my);
    if (their && !my && !mergedNodes.has(id) && changedKeys(original, their).length) cost.deletedByMe.push(their);
    const now = mergedNodes.get(id);
    if (!my || !their || !now) continue;
    const theirChanges = new Set(changedKeys(original, their));
    const [mySettings, theirSettings, nowSettings] = [my, their, now].map(settings);
    for (const key of changedKeys(original, my)) {
      if (!theirChanges.has(key) || sameJson(mySettings.get(key), theirSettings.get(key))) continue;
      const kept = sameJson(nowSettings.get(key), mySettings.get(key)) ? "mine" : "theirs";
      cost.clashes.push({ nodeId: id, nodeType: my.type, key, mine: mySettings.get(key),
        theirs: theirSettings.get(key), kept });
    }
  }
  const gone = new Set(cost.deletedByThem.map((node) => node.id));
  cost.deletedEdges = mine.edges.filter((edge) => gone.has(edge.source) || gone.has(edge.target));
  return cost;
}

/** Whether the merge cost anything worth telling. */
export const costsSomething = (cost: OfflineCost): boolean =>
  cost.clashes.length > 0 || cost.deletedByThem.length > 0 || cost.deletedByMe.length > 0;


function settingName(clash: Clash, names: Namer): string {
  if (clash.key === "@title") return "name";
  if (clash.key === "@bypass") return "bypass";
  return names.param(clash.nodeType, clash.key);
}

function settingValue(clash: Clash, value: unknown, names: Namer): string {
  if (clash.key.startsWith("@")) return valueWords(value);
  if (names.file(clash.nodeType, clash.key)) return value ? "a file" : "no file";
  return names.choice(clash.nodeType, clash.key, value) ?? valueWords(value);
}

/** The notice after a return from offline that cost something, e.g. "While you were offline, Ana also changed
 * Blur's Radius: theirs (7) is kept, yours was 4." `who`: the collaborators' names (empty: "someone");
 * `known`: the canvas's names of its nodes (graph/nodeNames). */
export function offlineCostWords(cost: OfflineCost, specs: ReadonlyMap<string, NodeSpec>, who: string[],
  known: (id: string) => string | null): string {
  const names = namer(specs, { added: [], removed: [], changed: [], edges_added: [], edges_removed: [] }, known);
  const someone = who.length ? listInWords(who) : "someone";
  const sentences: string[] = [];
  const clashWords = (clash: Clash) => {
    const kept = clash.kept === "mine" ? clash.mine : clash.theirs;
    const lost = clash.kept === "mine" ? clash.theirs : clash.mine;
    const [keptWho, lostWho] = clash.kept === "mine" ? ["yours", "theirs"] : ["theirs", "yours"];
    return `${names.id(clash.nodeId)}'s ${settingName(clash, names)}: `
      + `${keptWho} (${settingValue(clash, kept, names)}) is kept, ${lostWho} was ${settingValue(clash, lost, names)}`;
  };
  if (cost.clashes.length) {
    sentences.push(`While you were offline, ${someone} also changed ${listInWords(cost.clashes.map(clashWords))}.`);
  }
  const nodeName = (node: DocNode) => names.node({ id: node.id, type: node.type, title: node.title ?? "" });
  if (cost.deletedByThem.length) {
    sentences.push(`${someone.charAt(0).toUpperCase()}${someone.slice(1)} deleted `
      + `${listInWords(cost.deletedByThem.map(nodeName))} while you were offline: your changes to `
      + `${cost.deletedByThem.length === 1 ? "it" : "them"} were not kept.`);
  }
  if (cost.deletedByMe.length) {
    sentences.push(`You deleted ${listInWords(cost.deletedByMe.map(nodeName))} while offline, after ${someone} had `
      + `changed ${cost.deletedByMe.length === 1 ? "it" : "them"}: those changes went with `
      + `${cost.deletedByMe.length === 1 ? "it" : "them"}.`);
  }
  return sentences.join(" ");
}
