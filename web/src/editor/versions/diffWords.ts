// A version's difference from the current graph, in words: "Added: Blur", "Removed: Upscale",
// "Changed: Flux Pro — Prompt: 'a cat' → 'a dog', Seed 1 → 42", "Moved: Blur", "Connected: Blur → Save".
// Nodes are named as the canvas names them (their own name, else their type's title, and namesakes told apart
// by canvas order: "Blur (1)", "Blur (2)", graph/nodeNames); a node the graph no longer has by its name in the
// version; parameters by their schema's title.

import type { DiffChange, DiffEdge, DiffNode, Provenance, VersionDiff, VersionKind } from "../../api/versions";
import type { NodeSpec } from "../../api/types";
import { describeField } from "../graph/schemaForm";

/** A version's kind in words (the named ones show their name instead). */
export const KIND_WORDS: Record<VersionKind, string> = {
  named: "Saved version", auto: "Automatic", run: "Before a run", restore: "Restored",
};

/** "v3 · Before a run", or "v3 · Final look" for a named one. */
export const versionLabel = (version: { number: number; kind: VersionKind; name?: string | null }): string =>
  `v${version.number} · ${version.kind === "named" && version.name ? version.name : KIND_WORDS[version.kind]}`;

const ranWords = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit",
    minute: "2-digit" });

/** How a version reads after its number: its own name, or what made it. */
const VERSION_WORDS: Record<VersionKind, string> = {
  named: "", auto: "saved automatically", run: "saved as the run started", restore: "restored",
};

/** The sentence for an asset's provenance, "Made by the run of 12 Mar 2026, 10:00 from version 4 (Final look)"
 * (`ranAt`: when the run started, if known; the History lists runs by that time), or "Uploaded file IMG_4032.jpg"
 * for a file someone uploaded, which no run made (`fileName`: the name its node keeps for it); null when it names
 * neither. No run id: people know a run by when it ran. */
export function provenanceWords(origin: Provenance, ranAt?: string | null, fileName?: string | null): string | null {
  const uploaded = fileName ?? origin.filename;  // the name the node keeps, else the one the file was uploaded under
  if (origin.uploaded) return uploaded ? `Uploaded file ${uploaded}` : "Uploaded file";
  if (!origin.run_id) return null;
  const run = ranAt ? `the run of ${ranWords(ranAt)}` : "a run";
  const version = origin.version;
  if (!version) return `Made by ${run}`;
  const name = version.kind === "named" && version.name ? version.name : VERSION_WORDS[version.kind];
  return `Made by ${run} from version ${version.number}${name ? ` (${name})` : ""}`;
}

const LONGEST = 40;

/** A parameter's value in a line: text quoted (cut to 40 characters), on/off, numbers as they are. */
export function valueWords(value: unknown): string {
  if (value === null || value === undefined || value === "") return "nothing";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value.length > LONGEST ? `${value.slice(0, LONGEST - 1)}…` : value}'`;
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  const text = JSON.stringify(value);
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 1)}…` : text;
}

/** "seed_value" -> "Seed value": a parameter with no title in its schema. */
const humanise = (name: string) => {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Other fields of a node, by the server's field names. */
const FIELD_WORDS: Record<string, string> = {
  bypass: "bypass", title: "name", collapsed: "collapsed", parentId: "frame", type: "type",
};

export interface Namer {
  node(node: DiffNode): string;
  param(nodeType: string, name: string): string;
  /** Whether the parameter holds an uploaded file (its value a content hash no one should read). */
  file(nodeType: string, name: string): boolean;
  /** A choice's value as its menu shows it ("Gaussian" for gaussian); null when the parameter is not a choice or the
   * value is none of its options. */
  choice(nodeType: string, name: string, value: unknown): string | null;
  /** A node named by id alone (an edge's end): as the canvas names it, else as the diff's nodes do. */
  id(id: string): string;
}

/** Names from `known` (the canvas's names of its nodes, graph/nodeNames) and, for a node the canvas does not have,
 * from the diff's nodes and the node registry (`specsByType`). */
export function namer(specsByType: ReadonlyMap<string, NodeSpec>, diff: VersionDiff,
  known: (id: string) => string | null = () => null): Namer {
  const node = (item: DiffNode) => known(item.id) ?? (item.title || specsByType.get(item.type)?.title || item.type);
  const byId = new Map([...diff.added, ...diff.removed, ...diff.changed].map((item) => [item.id, node(item)]));
  return {
    node,
    param: (nodeType, name) => {
      const title = specsByType.get(nodeType)?.params_schema.properties[name]?.title;
      return typeof title === "string" && title ? title : humanise(name);
    },
    file: (nodeType, name) => {
      const schema = specsByType.get(nodeType)?.params_schema.properties[name];
      return schema !== undefined && describeField(name, schema).kind === "upload";
    },
    choice: (nodeType, name, value) => {
      const schema = specsByType.get(nodeType)?.params_schema.properties[name];
      const field = schema === undefined ? null : describeField(name, schema);
      if (field?.kind !== "select") return null;
      const index = field.options.findIndex((option) => option === value);
      return index < 0 ? null : field.labels?.[index] ?? String(value);
    },
    id: (id) => known(id) ?? byId.get(id) ?? "a deleted node",
  };
}

/** An uploaded file's change, never its hash: "a file added", "another file", "file removed". */
const fileWords = (before: unknown, after: unknown) =>
  (!before ? "a file added" : !after ? "file removed" : "another file");

function changedWords(change: DiffChange, names: Namer): string {
  const choice = (name: string, value: unknown) => names.choice(change.type, name, value);
  const parts = change.params.map((param) => names.file(change.type, param.name)
    ? `${names.param(change.type, param.name)}: ${fileWords(param.before, param.after)}`
    : choice(param.name, param.before) !== null && choice(param.name, param.after) !== null
      // a choice as its menu words it: "Kind: Gaussian → Box", not 'gaussian' → 'box'
      ? `${names.param(change.type, param.name)}: ${choice(param.name, param.before)} → ${choice(param.name,
        param.after)}`
      : `${names.param(change.type, param.name)}${typeof param.before === "string" || typeof param.after === "string"
        ? ":" : ""} ${valueWords(param.before)} → ${valueWords(param.after)}`);
  const other = change.other.map((field) => FIELD_WORDS[field] ?? field);
  if (other.length) parts.push(`${other.join(", ")} changed`);
  if (!parts.length) return change.moved ? `Moved: ${names.node(change)}` : `Changed: ${names.node(change)}`;
  if (change.moved) parts.push("moved");
  return `Changed: ${names.node(change)} — ${parts.join(", ")}`;
}

const edgeWords = (edge: DiffEdge, names: Namer) =>
  `${edge.source ? names.id(edge.source) : "a deleted node"} → ${edge.target ? names.id(edge.target) : "a deleted node"}`;

/** The diff's lines, one per node (added, removed, changed or moved) and per connection made or undone; empty
 * when the version is the current graph. */
export function diffLines(diff: VersionDiff, names: Namer): string[] {
  return [
    ...diff.added.map((node) => `Added: ${names.node(node)}`),
    ...diff.removed.map((node) => `Removed: ${names.node(node)}`),
    ...diff.changed.map((change) => changedWords(change, names)),
    ...diff.edges_added.map((edge) => `Connected: ${edgeWords(edge, names)}`),
    ...diff.edges_removed.map((edge) => `Disconnected: ${edgeWords(edge, names)}`),
  ];
}
