// Files dropped on the canvas: each becomes the upload node of its kind (Image, Video or Audio Upload), from where
// they were dropped, each on a free spot (palette/freeSpot: on no other node, in view when there is room), once the
// server has stored it; until then each spot shows its file uploading. The nodes of one drop come in together, as
// one undo step, and take the spots in order, so a refused file leaves no gap. A file no upload node takes, or one
// the server refuses, is named in a notice that says why, and leaves nothing behind: no empty node, no undo step.
// Each node keeps the name of its file (its own, not the asset's: the same bytes may be dropped under two names).
// A file whose name an upload node of its kind is waiting for (a project opened from a workflow file that named
// "photo.jpg": namedFiles.ts) goes into that node, as a drop on its own field would, and makes no new node.
// A workflow file (the .json "Download workflow" saves) is not put in the graph: a notice offers to open it as a
// new project, leaving this one as it is.

import type { XYPosition } from "@xyflow/react";
import { acceptsFile, notAccepted, UPLOAD_TAKES, uploadAsset } from "../api/assets";
import { settled } from "../api/pendingWrites";
import type { Asset, NodeSpec } from "../api/types";
import { uploadNameParam, type UploadMedia } from "./graph/schemaForm";
import { estimatedSize, freeSpot, GAP, insideArea, type Box } from "./palette/freeSpot";
import { fileNameOf, type NamedFile } from "./namedFiles";
import { namedFilesOf } from "./namedFilesNotice";
import { useEditor } from "./store/editorStore";
import { isStudioNode, type EditorNode, type StudioNode } from "./types";
import {
  isWorkflowFileName, NotAWorkflowFile, openWorkflowFile, readWorkflowFile, WORKFLOW_FILE_IS,
} from "./openWorkflowFile";

/** The upload node of each kind of file, in the order a file is tried against them. */
const UPLOAD_NODES: ReadonlyArray<readonly [UploadMedia, string]> = [
  ["image", "input.image"], ["video", "input.video"], ["audio", "input.audio"],
];
/** How far apart the nodes of files dropped together are placed (a node is 256 wide), flow units. */
const STEP = 256 + GAP;

export interface PlacedFile {
  file: File;
  media: UploadMedia;
  nodeType: string;
  position: XYPosition;
}

/** The upload node a file goes into (the first whose kind the file is, among the types the studio has); null when
 * no upload node takes it. */
export function uploadNodeFor(file: File, specsByType: ReadonlyMap<string, NodeSpec>):
  { media: UploadMedia; nodeType: string } | null {
  const found = UPLOAD_NODES.find(([media, nodeType]) => specsByType.has(nodeType) && acceptsFile(media, file));
  return found ? { media: found[0], nodeType: found[1] } : null;
}

/**
 * Where the node of each dropped file goes, and the files no upload node takes (they get no place). The first goes
 * at `at` (flow coordinates) and each next one beside the one before, each moved to the nearest spot that covers
 * none of `nodes` nor another of the drop's (freeSpot), inside `visible` (the canvas on screen) when there is room.
 */
export function placeDroppedFiles(files: readonly File[], at: XYPosition, specsByType: ReadonlyMap<string, NodeSpec>,
  nodes: readonly EditorNode[] = [], visible?: Box): { placed: PlacedFile[]; refused: File[] } {
  const targets = files.map((file) => ({ file, target: uploadNodeFor(file, specsByType) }));
  const kept = targets.flatMap(({ file, target }) => (target ? [{ file, ...target }] : []));
  const spots = freeSpots(kept.map((file) => file.nodeType), at, specsByType, nodes, visible);
  return {
    placed: kept.map((file, index) => ({ ...file, position: spots[index] })),
    refused: targets.filter(({ target }) => !target).map(({ file }) => file),
  };
}

/** A free spot for a node of each of `nodeTypes` in turn, each beside the one before (see placeDroppedFiles). */
function freeSpots(nodeTypes: readonly string[], at: XYPosition, specsByType: ReadonlyMap<string, NodeSpec>,
  nodes: readonly EditorNode[], visible?: Box): XYPosition[] {
  const sizeOf = (nodeType: string) => estimatedSize(specsByType.get(nodeType));
  const taken = [...nodes];
  return nodeTypes.map((nodeType, index) => {
    const spot = freeSpot(taken, { x: at.x + index * STEP, y: at.y }, nodeType, sizeOf, visible);
    // the spot is taken for the next file: a node as yet unmeasured, sized by its type
    taken.push({ id: `dropped-${index}`, type: "studio", position: spot, data: { nodeType, params: {} } });
    return spot;
  });
}

/** The upload nodes among `waiting` (namedFilesOf) that wait for `file`: of its kind, naming it (case aside). */
export function waitingFor(file: File, waiting: readonly NamedFile[]): NamedFile[] {
  const name = file.name.toLowerCase();
  return waiting.filter((named) => fileNameOf(named.name).toLowerCase() === name && acceptsFile(named.media, file));
}

/** A sentence continued after a colon: "This file is…" → "this file is…" (an initialism stays: "HEIC…"). */
export const continued = (reason: string) => (/^[A-Z][a-z]/.test(reason) ? reason[0].toLowerCase() + reason.slice(1) : reason);

/** A sentence with its full stop: the server's words and notAccepted's come without one. */
export const ended = (text: string) => (/[.!?…]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

/** What a notice says of the files that were not added: each by name, with why (files refused for the same reason
 * named together). */
export function notAddedText(problems: ReadonlyArray<{ name: string; reason: string }>): string {
  if (problems.length === 1) return ended(`“${problems[0].name}” was not added: ${continued(problems[0].reason)}`);
  const names = new Map<string, string[]>();
  for (const { name, reason } of problems) names.set(reason, [...(names.get(reason) ?? []), `“${name}”`]);
  return ended(`${problems.length} files were not added: `
    + [...names].map(([reason, named]) => `${named.join(", ")}: ${continued(reason).replace(/\.$/, "")}`).join("; "));
}

const MEDIA: readonly UploadMedia[] = ["image", "video", "audio"];

/** What a notice says when several files are dropped on one upload field, which takes one: the file it used (null
 * when that one was refused: the field says why) and that the others were left out, and where they can go;
 * `refused`: files the server could not read before `used` was taken instead. */
export function leftOutText(used: string | null, others: readonly File[], refused: readonly string[] = []): string {
  const unread = refused.length === 0 ? ""
    : `${refused.map((name) => `“${name}”`).join(", ")} could not be used, so “${used}” was taken instead. `;
  if (others.length === 0) return unread.trimEnd();
  const one = others.length === 1;
  const left = one ? `“${others[0].name}”` : `${others.length} others`;
  // the canvas makes a node only of a picture, a video or a sound: no advice for a file it would refuse too
  const placeable = others.filter((file) => MEDIA.some((media) => acceptsFile(media, file))).length;
  const where = placeable === 0 ? "" : one ? "Drop it on the canvas to make a node for it."
    : placeable === others.length ? "Drop them on the canvas to make a node for each."
      : "Drop the pictures, videos and sounds among them on the canvas to make a node for each.";
  return (unread + (used ? `Only one file fits here: used “${used}” and left out ${left}. ${where}`
    : `Only one file fits here, so ${left} ${one ? "was" : "were"} left out. ${where}`)).trimEnd();
}

const KIND_WORDS: Record<UploadMedia, { noun: string; short: string; node: string }> = {
  image: { noun: "a picture", short: "picture", node: "Image Upload" },
  video: { noun: "a video", short: "video", node: "Video Upload" },
  audio: { noun: "a sound", short: "sound", node: "Audio Upload" },
};

/** What an upload field that takes `media` says of a file it refuses: for a picture, video or sound of another
 * kind, what it is, what the field takes and what to do with it instead (drop it on the canvas, which makes the
 * upload node of its kind, titled as the studio has it: `titleOf`); for any other file, what the field takes. */
export function refusedFileText(file: File, media: UploadMedia,
  titleOf: (nodeType: string) => string | undefined = () => undefined): string {
  const other = UPLOAD_NODES.find(([kind]) => kind !== media && acceptsFile(kind, file));
  if (!other) return ended(`“${file.name}” was not added. ${notAccepted(media)}`);
  const [kind, nodeType] = other;
  const words = KIND_WORDS[kind];
  const title = titleOf(nodeType) ?? words.node;
  return `“${file.name}” was not added: it is ${words.noun}, and this field takes ${UPLOAD_TAKES[media]}. Drop `
    + `${KIND_WORDS[media].noun} here, or drop the ${words.short} on the canvas to make `
    + `${/^[aeiou]/i.test(title) ? "an" : "a"} ${title} node for it.`;
}

/** An upload node's parameters for a stored file: its id and, where the node keeps one (its schema says), the name
 * the file was uploaded under. */
export function uploadedParams(spec: NodeSpec | undefined, asset: Asset, file: File): Record<string, unknown> {
  const nameParam = uploadNameParam(spec?.params_schema);
  return { asset_id: asset.id, ...(nameParam ? { [nameParam]: asset.filename ?? file.name } : {}) };
}

/** The notice of the last drop that refused a file, while no drop has gone well since: a good drop takes it away, as
 * it no longer tells what happened to the files. */
let refusalNotice: number | null = null;

/** Show a drop's refusal (on the canvas or an upload field), for the next good drop to take away. */
export function noticeRefusal(message: string): void {
  refusalNotice = useEditor.getState().notify(message, "error");
}

/** A drop went well: the refusal of an earlier one goes, if it is still shown (no other notice has taken its place). */
export function clearRefusal(): void {
  const { notice, dismissNotice } = useEditor.getState();
  if (refusalNotice !== null && notice?.id === refusalNotice) dismissNotice();
  refusalNotice = null;
}

const NO_UPLOAD_NODE = "drop an image, a video or a sound; those are the files the canvas's upload nodes take";
const NOT_A_WORKFLOW = "it is neither a picture, a video or a sound, nor a workflow file. " + WORKFLOW_FILE_IS;

/** Why a dropped .json was not added: what is wrong in it when it is meant as a workflow file (broken JSON, a graph
 * not as a workflow file has it), else that the canvas takes no such file. */
function notAWorkflowReason(error: unknown): string {
  if (!(error instanceof NotAWorkflowFile)) return String(error);
  return error.why.near ? `${error.why.reason}. ${WORKFLOW_FILE_IS}` : NOT_A_WORKFLOW;
}

/** Open a workflow file as a new project and go to it, once this project's last changes are saved; a refusal is
 * told in a notice. */
async function openAsNewProject(file: File): Promise<void> {
  try {
    const workflow = await openWorkflowFile(file);
    await settled();
    window.location.assign(`/editor?id=${encodeURIComponent(workflow.id)}`);
  } catch (error) {
    noticeRefusal(error instanceof Error ? error.message : String(error));
  }
}

/** The dropped workflow files read: the first that holds a workflow (it is offered as a new project, not put in
 * this graph), and the .json files that hold none, with why. */
async function readWorkflowFiles(files: readonly File[]):
  Promise<{ workflow: File | null; problems: Array<{ name: string; reason: string }> }> {
  const read = await Promise.all(files.map((file) => readWorkflowFile(file).then(() => null, (error: unknown) =>
    ({ name: file.name, reason: notAWorkflowReason(error) }))));
  return { workflow: files.find((_, index) => read[index] === null) ?? null,
    problems: read.filter((problem) => problem !== null) };
}

/** The drop's notice: the files not added and why (`refusal`), and the offer to open a workflow file as a new
 * project (one notice: a second would take the first's place). */
function noticeDrop(refusal: string | null, workflow: File | null): void {
  const offer = workflow && `“${workflow.name}” is a workflow file. Open it as a new project? This project stays as `
    + "it is.";
  const action = workflow ? { label: "Open as new project", run: () => void openAsNewProject(workflow) } : undefined;
  if (refusal) {
    refusalNotice = useEditor.getState().notify(offer ? `${refusal} ${offer}` : refusal, "error",
      action && { action, sticky: true });
    return;
  }
  clearRefusal();
  if (offer) useEditor.getState().notify(offer, "info", { sticky: true, action });
}

/** Upload dropped files, each into the upload nodes waiting for it by name (waitingFor), else into a new upload node
 * of its kind placed from `at` (see placeDroppedFiles) inside `visible` when there is room. Once every file is
 * settled, the nodes of those stored appear together, as one undo step, and one notice names the files that were
 * not added and why. Resolves to the boxes (flow units) of every new (or filled) node when one of them lies outside
 * `visible` (the caller brings them into view), else to none. */
export async function dropFiles(dropped: readonly File[], at: XYPosition, visible?: Box): Promise<Box[]> {
  const files = dropped.filter((file) => !isWorkflowFileName(file));
  const workflows = dropped.filter(isWorkflowFileName);
  const workflowFiles = workflows.length ? readWorkflowFiles(workflows) : Promise.resolve(null);
  const store = useEditor.getState();
  const waiting = namedFilesOf(store);
  const awaited = files.map((file) => ({ file, into: waitingFor(file, waiting) })).filter(({ into }) => into.length);
  const { placed, refused } = placeDroppedFiles(files.filter((file) => !awaited.some((a) => a.file === file)), at,
    store.specsByType, store.nodes, visible);
  const problems = refused.map((file) => ({ name: file.name, reason: NO_UPLOAD_NODE }));
  const filling = Promise.all(awaited.map(({ file, into }) => fillWaiting(file, into).catch((error: unknown) => {
    problems.push({ name: file.name, reason: error instanceof Error ? error.message : "the upload failed" });
    return [];
  })));
  const shown = placed.map(({ file, position }) => store.showPendingUpload(file.name, position));
  const stored = await Promise.all(placed.map(async ({ file, media, nodeType }) => {
    try {
      const asset = await uploadAsset(file, media);
      return { nodeType, params: uploadedParams(store.specsByType.get(nodeType), asset, file) };
    } catch (error) {
      problems.push({ name: file.name, reason: error instanceof Error ? error.message : "the upload failed" });
      return null;
    }
  }));
  const added = stored.filter((node) => node !== null);
  const filled = (await filling).flat();
  const { workflow = null, problems: notWorkflows = [] } = await workflowFiles ?? {};
  problems.unshift(...notWorkflows);
  // placed anew: the graph may have changed meanwhile, and a file refused gives its spot to the next
  const { specsByType, nodes } = useEditor.getState();
  const spots = freeSpots(added.map((node) => node.nodeType), at, specsByType, nodes, visible);
  useEditor.getState().addNodes(added.map((node, index) => ({ ...node, position: spots[index] })));
  for (const done of shown) done();
  noticeDrop(problems.length ? notAddedText(problems) : null, workflow);
  const sizeOf = (nodeType: string) => estimatedSize(specsByType.get(nodeType));
  const boxes: Box[] = [
    ...added.map((node, index) => ({ ...spots[index], ...sizeOf(node.nodeType) })),
    ...filled.map((node) => ({ ...node.position, ...(node.measured?.width && node.measured.height
      ? { width: node.measured.width, height: node.measured.height } : sizeOf(node.data.nodeType)) })),
  ];
  return !visible || boxes.every((box) => insideArea(box, box, visible)) ? [] : boxes;
}

/** Upload `file` into the upload nodes `into` that wait for it, as a drop on each one's own field does (UploadField:
 * the asset's id, and the name the file was stored under); resolves to the nodes filled (those still there).
 * Rejects as uploadAsset does when the server refuses the file. */
async function fillWaiting(file: File, into: readonly NamedFile[]): Promise<StudioNode[]> {
  const asset = await uploadAsset(file, into[0].media);
  const { nodes, specsByType, updateParams } = useEditor.getState();
  const filled = nodes.filter(isStudioNode).filter((node) => into.some((named) => named.nodeId === node.id));
  for (const node of filled) updateParams(node.id, uploadedParams(specsByType.get(node.data.nodeType), asset, file));
  return filled;
}
