// The run's results as the viewer and the Results panel step through them: one item per shown output (list items
// apart), in the canvas's node order, with the name a download is saved under. Download names are made here, once
// for both: an uploaded file keeps its own name (the one its node keeps: the same bytes may sit in two nodes under
// two names); a file a Save node saved has the name its run gave it (its output's `filename`: the server names it,
// karate/services/outputs.py, as `karate run` names the file it writes); any other result is named after the project
// and the node by the same rule, and two nodes of one name are told apart (`Poster - Invert 2`). A run's result is
// named after the `filename` setting its node had in that run (`madeAs`), not after what the node is set to since:
// an earlier run's poster.png stays poster.png.

import { THUMBNAIL_SIZE, type ThumbnailSize } from "../../api/assets";
import type { NodeSpec, OutputValue, WorkflowDocument } from "../../api/types";
import type { EditorNode, NodeRunState, StudioNode } from "../types";
import { nodeNames } from "../graph/nodeNames";
import { fieldsOf, uploadNameParam } from "../graph/schemaForm";
import { patternProblem } from "../fields/textPattern";
import { mediaKind, type MediaKind } from "./media";

export interface ViewerItem {
  /** `node:port` or `node:port:index` for an item of a list output. */
  key: string;
  nodeId: string;
  port: string;
  index: number | null;
  /** `Image Upload · image`: the node's name (the one the user gave it, else its type's) and the port. */
  title: string;
  output: OutputValue;
  kind: MediaKind;
  /** The file a user gave an input node (an upload), not one a run made: it downloads under its own name. */
  uploaded: boolean;
  /** The file name a download gets, without extension (the server adds the one of its type); empty for an
   * uploaded file, which the server sends under its own name (`fileName`). */
  downloadStem: string;
  /** An uploaded file's name as its node keeps it (`board.jpg`); null for a run's result, and for an upload whose
   * node keeps no name (saved before nodes did), which goes by the name its asset was uploaded under. */
  fileName: string | null;
  /** A run under way makes this result again (its node is queued or running): until then it is the last one made,
   * still shown, so a list or the viewer does not lose it and its place. Never an upload (no run makes it). */
  remaking: boolean;
  /** The latest run did not make this result again (its node failed, was skipped or left out): it is an earlier
   * run's, kept in view. Never an upload. */
  earlier: boolean;
}

/** The thumbnail size `item` is drawn at wherever the editor shows it small, so that each place asks for the one
 * file the browser has already: a node's result frame (ResultPreview) draws at the frame's size, a list item's tile
 * and an upload field (for a file no run has used) at the tile's; the Results panel and the viewer's stand-in for a
 * picture on its way ask for the same. */
export function previewSize(item: ViewerItem): ThumbnailSize {
  const tile = item.index !== null || (item.uploaded && !item.output.url);
  return tile ? THUMBNAIL_SIZE.tile : THUMBNAIL_SIZE.frame;
}

/** What the gallery and the viewer say of a result a run under way is making again (`remaking`). */
export const REMAKING_TEXT = "being made again";
/** What they say of the last result of a node the latest run did not make again (`earlier`: it failed, was skipped
 * or left out): kept in view, as a failed run takes nothing away, and marked so it is not read as new. */
export const EARLIER_TEXT = "from an earlier run";

export const itemKey = (nodeId: string, port: string, index: number | null = null): string =>
  index === null ? `${nodeId}:${port}` : `${nodeId}:${port}:${index}`;

/** A node's results to show: those of its finished run, while a new run is under way for it (queued or running)
 * those of the last one (`remaking`), and when the latest run did not make it again, those of an earlier run. */
const shown = (run: NodeRunState | undefined): run is NodeRunState & { outputs: Record<string, OutputValue> } =>
  Boolean(run?.outputs);

/** Whether a run under way makes the node's results again (it is queued or running). */
export const remade = (run: NodeRunState): boolean => run.status === "pending" || run.status === "running";

/** Whether a node's results are those of an earlier run: the latest did not make them again (failed, skipped, left
 * out or cancelled), and they are kept in view, marked. */
export const fromEarlierRun = (run: NodeRunState | undefined): boolean =>
  run?.outputs !== undefined && run.status !== "completed" && !remade(run);

/** Whether a node's output is worth showing as a result: any file, and values that nodes other than
 * inputs computed (a Prompt's text or a Number's value only repeats what was typed). */
export function showsOutput(spec: NodeSpec | undefined, output: OutputValue): boolean {
  const kind = mediaKind(output);
  return kind !== "value" || !spec?.category.startsWith("inputs");
}

/** The longest file name stem the server keeps whole (karate/services/outputs.py MAX_STEM). */
const MAX_STEM = 120;

/** Words as a file name every system takes: what Windows, macOS or Linux refuse in a name (`/ \ : * ? " < > |`,
 * control characters) and what the server would replace (emoji, other punctuation) become spaces, runs of spaces
 * one, with no dot or hyphen at either end ("Héro shot: v2!" → "Héro shot v2"); null when nothing is left. */
export function fileNameOf(words: string): string | null {
  const name = words.normalize("NFC").replace(/[^\p{L}\p{N}_ .-]+/gu, " ").replace(/\s+/g, " ")
    .slice(0, MAX_STEM).replace(/^[\s.-]+|[\s.-]+$/g, "");
  return name || null;
}

/** The name a node shows: the one the user gave it, else its type's title. */
const nodeName = (node: StudioNode, spec: NodeSpec | undefined): string =>
  node.data.title?.trim() || spec?.title || node.data.nodeType;

/** Each node's `filename` setting in a run's `document` ("" for none), which the node's results of that run are
 * named after (NodeRunState `madeAs`). */
export function fileNameSettings(document: WorkflowDocument | null | undefined): Record<string, string> {
  return Object.fromEntries((document?.nodes ?? []).map((node) => {
    const wanted = node.params?.filename;
    return [node.id, typeof wanted === "string" ? wanted : ""];
  }));
}

/** A Save node's `filename` when it is one the node takes (as a run names its file): the one it had in the run that
 * made its results on screen (`run.madeAs`) where known, else its own now; not an upload's own file name, and not one
 * the node refuses (`poster: "final"/v2*?`), which no run made a file under, so the results on screen (an earlier
 * run's, kept when the run was refused) were made under another name; null otherwise. */
function savedFileName(node: StudioNode, spec: NodeSpec | undefined, run: NodeRunState | undefined): string | null {
  const wanted = run?.outputs && run.madeAs !== undefined ? run.madeAs : node.data.params.filename;
  // nothing but dots and spaces ("..") is no name, as the server takes it (download_name)
  if (typeof wanted !== "string" || !wanted.replace(/[\s.]/g, "")) return null;
  if (uploadNameParam(spec?.params_schema) === "filename") return null;
  const field = fieldsOf(spec?.params_schema).find((each) => each.name === "filename");
  if (field?.kind !== "text") return null;
  const fits = (field.maxLength === undefined || wanted.length <= field.maxLength) && !patternProblem(wanted, field);
  return fits ? wanted : null;
}

/** The name a node's files are saved under, before the port and the extension: a Save node's `filename` when it has
 * one it takes (savedFileName), else the project's and the node's names: `Poster - Save Image`. */
function nodeStem(node: StudioNode, spec: NodeSpec | undefined, project: string, run: NodeRunState | undefined):
  string {
  const wanted = savedFileName(node, spec, run);
  if (wanted) return wanted;
  const parts = [project, nodeName(node, spec)].map((part) => fileNameOf(part));
  return fileNameOf(parts.filter((part) => part !== null).join(" - ")) ?? fileNameOf(node.id) ?? "result";
}

/** Every node's stem (`nodeStem`, of the results `nodeRuns` shows), unique in the project: a second node of a name
 * already given gets ` 2`, a third ` 3` (`Poster - Save Image 2`), in the canvas's node order, compared without case
 * as Windows and macOS folders compare names. Every node counts, run or not, so a file keeps its name whichever
 * results a run has so far. */
export function downloadStems(nodes: EditorNode[], specsByType: Map<string, NodeSpec>, project = "",
  nodeRuns: Readonly<Record<string, NodeRunState>> = {}): Map<string, string> {
  const taken = new Set<string>();
  const stems = new Map<string, string>();
  // per stem (without case), the copy number to try first: every lower one is taken already (200 nodes of one
  // type would otherwise try 2, 3, ... again for each: quadratic, and recomputed as results arrive)
  const nextCopy = new Map<string, number>();
  for (const node of nodes) {
    if (node.type !== "studio") continue;
    const stem = nodeStem(node, specsByType.get(node.data.nodeType), project, nodeRuns[node.id]);
    let name = stem;
    let copy = nextCopy.get(stem.toLowerCase()) ?? 2;
    while (taken.has(name.toLowerCase())) {
      name = `${stem.slice(0, MAX_STEM - ` ${copy}`.length).trimEnd()} ${copy}`;  // the server keeps MAX_STEM
      copy += 1;
    }
    nextCopy.set(stem.toLowerCase(), copy);
    taken.add(name.toLowerCase());
    stems.set(node.id, name);
  }
  return stems;
}

/** The name a result's file is saved under, without extension: its node's stem (`downloadStems`), and the port for
 * a node with several outputs: `Poster - Save Image`, `Poster - Channels - red`. */
function downloadStem(stem: string, spec: NodeSpec | undefined, port: string): string {
  return (spec?.outputs.length ?? 1) > 1 ? fileNameOf(`${stem} - ${port}`) ?? stem : stem;
}

/** The name the run gave a file a Save node saved, without its extension (`Poster - Save Image`, `poster-2`): the
 * server names it (karate/services/outputs.py), records it, sends the file under it, and `karate run` writes the file
 * as it. Null for any other result, and for a file recorded before the server named files in words (after the node's
 * id, `save-1.png`), which is named here by the same rule instead: an id says nothing to a person. */
export function runFileStem(nodeId: string, spec: NodeSpec | undefined, output: OutputValue | undefined):
  string | null {
  const given = output?.filename;
  if (!spec?.category.startsWith("outputs") || typeof given !== "string" || !given.trim()) return null;
  const stem = given.lastIndexOf(".") > 0 ? given.slice(0, given.lastIndexOf(".")) : given;
  return stem === nodeId || stem.replace(/-\d+$/, "") === nodeId ? null : stem;
}

/** The stems of the nodes, runs, specs and project title asked for last: each Save node on the canvas asks for its
 * own (`resultStem`) on every change of the editor's state, and making them all once per node would be quadratic. */
let lastStems: { nodes: EditorNode[]; nodeRuns: Readonly<Record<string, NodeRunState>>;
  specsByType: Map<string, NodeSpec>; project: string; stems: Map<string, string> } | null = null;

/** The name one node's result on `port` is saved under, without extension, as the viewer and the Results panel
 * name it (`collectResults`): `poster`, `Poster - Save Image 2`. */
export function resultStem(nodes: EditorNode[], nodeRuns: Readonly<Record<string, NodeRunState>>,
  specsByType: Map<string, NodeSpec>, project: string, nodeId: string, port: string): string {
  if (lastStems?.nodes !== nodes || lastStems.nodeRuns !== nodeRuns || lastStems.specsByType !== specsByType
    || lastStems.project !== project) {
    lastStems = { nodes, nodeRuns, specsByType, project, stems: downloadStems(nodes, specsByType, project, nodeRuns) };
  }
  const node = nodes.find((each) => each.id === nodeId);
  const spec = node?.type === "studio" ? specsByType.get(node.data.nodeType) : undefined;
  return runFileStem(nodeId, spec, nodeRuns[nodeId]?.outputs?.[port])
    ?? downloadStem(lastStems.stems.get(nodeId) ?? nodeId, spec, port);
}

/** Whether a node's output is the file the user gave it (an upload's asset, passed on as it is). */
function isUpload(node: StudioNode, spec: NodeSpec | undefined, output: OutputValue): boolean {
  return Boolean(spec?.category.startsWith("inputs") && output.asset_id
    && Object.values(node.data.params).includes(output.asset_id));
}

/** Whether a node's output is a file its upload field held when it ran but holds no more (another file was put in
 * it since): not a result of the node as it is, and no run has used the new file yet. */
function replacedUpload(node: StudioNode, spec: NodeSpec | undefined, output: OutputValue): boolean {
  if (!spec?.category.startsWith("inputs") || !output.asset_id) return false;
  const held = fieldsOf(spec.params_schema).filter((field) => field.kind === "upload")
    .map((field) => node.data.params[field.name]).filter((value) => typeof value === "string" && value);
  return held.length > 0 && !held.includes(output.asset_id);
}

/** The name an upload node keeps for its file; null when it keeps none. */
function keptName(node: StudioNode, spec: NodeSpec | undefined): string | null {
  const nameParam = uploadNameParam(spec?.params_schema);
  const name = nameParam ? node.data.params[nameParam] : undefined;
  return typeof name === "string" && name.trim() ? name : null;
}

/** Every result of the nodes that finished (and the last ones of those a run under way makes again), in the
 * canvas's node order; downloads are named after `project`. */
export function collectResults(nodes: EditorNode[], nodeRuns: Record<string, NodeRunState>,
  specsByType: Map<string, NodeSpec>, project = ""): ViewerItem[] {
  const items: ViewerItem[] = [];
  const stems = downloadStems(nodes, specsByType, project, nodeRuns);
  const names = nodeNames(nodes, specsByType);  // namesakes told apart, as edges and versions name them
  for (const node of nodes) {
    const run = nodeRuns[node.id];
    if (node.type !== "studio" || !shown(run)) continue;
    const remaking = remade(run);
    const earlier = fromEarlierRun(run);
    const spec = specsByType.get(node.data.nodeType);
    const title = names.get(node.id) ?? nodeName(node, spec);
    for (const [port, output] of Object.entries(run.outputs)) {
      const stem = downloadStem(stems.get(node.id) ?? node.id, spec, port);
      const parts = output.list ?? [output];
      parts.forEach((part, position) => {
        if (!showsOutput(spec, part) || replacedUpload(node, spec, part)) return;
        const index = output.list ? position : null;
        const uploaded = isUpload(node, spec, part);
        const named = runFileStem(node.id, spec, part) ?? stem;
        items.push({ key: itemKey(node.id, port, index), nodeId: node.id, port, index, output: part,
          title: index === null ? `${title} · ${port}` : `${title} · ${port} ${index + 1}`, kind: mediaKind(part),
          uploaded, downloadStem: uploaded ? "" : index === null ? named : `${named}-${index + 1}`,
          fileName: uploaded ? keptName(node, spec) : null, remaking: remaking && !uploaded,
          earlier: earlier && !uploaded });
      });
    }
  }
  return items;
}

/** The files in the nodes' upload fields that their results do not show (the node has not run since the file was put
 * in it): the viewer opens one from its field's ⤢. Keyed `node:param`; titled as a result is, with the field's
 * name for a port; each of the kind its field takes. */
function heldUploads(nodes: EditorNode[], specsByType: Map<string, NodeSpec>, results: readonly ViewerItem[]):
  ViewerItem[] {
  const shown = new Set(results.map((item) => `${item.nodeId}\n${item.output.asset_id ?? ""}`));
  const names = nodeNames(nodes, specsByType);
  const items: ViewerItem[] = [];
  for (const node of nodes) {
    if (node.type !== "studio") continue;
    const spec = specsByType.get(node.data.nodeType);
    for (const field of fieldsOf(spec?.params_schema)) {
      const assetId = node.data.params[field.name];
      if (field.kind !== "upload" || typeof assetId !== "string" || !assetId || shown.has(`${node.id}\n${assetId}`)) {
        continue;
      }
      items.push({ key: itemKey(node.id, field.name), nodeId: node.id, port: field.name, index: null,
        title: `${names.get(node.id) ?? nodeName(node, spec)} · ${field.label}`, output: { asset_id: assetId },
        kind: field.accept, uploaded: true, downloadStem: "", fileName: keptName(node, spec), remaking: false,
        earlier: false });
    }
  }
  return items;
}

/** What the viewer steps through: the run's results (collectResults) and after them, the files in upload fields that
 * no result shows yet, so a video just put in its node opens full size before any run. */
export function viewerItems(nodes: EditorNode[], nodeRuns: Record<string, NodeRunState>,
  specsByType: Map<string, NodeSpec>, project = ""): ViewerItem[] {
  const results = collectResults(nodes, nodeRuns, specsByType, project);
  return [...results, ...heldUploads(nodes, specsByType, results)];
}

/** The viewer's key of the file `assetId` in node `nodeId`'s upload field: its result's when a run showed it, else
 * the field's own; null when the node holds no such file. */
export function uploadItemKey(items: readonly ViewerItem[], nodeId: string, assetId: string): string | null {
  return items.find((item) => item.nodeId === nodeId && item.uploaded && item.output.asset_id === assetId)?.key
    ?? null;
}
