// Files dropped on the canvas: each becomes the upload node of its kind (Image, Video or Audio Upload), side by side
// from where they were dropped, once the server has stored it; until then the spot shows it uploading. A file no
// upload node takes, or one the server refuses, is named in a notice that says why, and leaves nothing behind: no
// empty node, and no undo step.

import type { XYPosition } from "@xyflow/react";
import { acceptsFile, uploadAsset } from "../api/assets";
import type { NodeSpec } from "../api/types";
import type { UploadMedia } from "./graph/schemaForm";
import { GAP } from "./palette/freeSpot";
import { useEditor } from "./store/editorStore";

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

/** Where the node of each dropped file goes, one beside the other from `at` in the order dropped, and the files no
 * upload node takes (they get no place). */
export function placeDroppedFiles(files: readonly File[], at: XYPosition, specsByType: ReadonlyMap<string, NodeSpec>):
  { placed: PlacedFile[]; refused: File[] } {
  const placed: PlacedFile[] = [];
  const refused: File[] = [];
  for (const file of files) {
    const target = uploadNodeFor(file, specsByType);
    if (!target) refused.push(file);
    else placed.push({ file, ...target, position: { x: at.x + placed.length * STEP, y: at.y } });
  }
  return { placed, refused };
}

/** A sentence continued after a colon: "This file is…" → "this file is…" (an initialism stays: "HEIC…"). */
const continued = (reason: string) => (/^[A-Z][a-z]/.test(reason) ? reason[0].toLowerCase() + reason.slice(1) : reason);

/** What a notice says of the files that were not added: each by name, with why (files refused for the same reason
 * named together). */
export function notAddedText(problems: ReadonlyArray<{ name: string; reason: string }>): string {
  if (problems.length === 1) return `“${problems[0].name}” was not added: ${continued(problems[0].reason)}`;
  const names = new Map<string, string[]>();
  for (const { name, reason } of problems) names.set(reason, [...(names.get(reason) ?? []), `“${name}”`]);
  return `${problems.length} files were not added: `
    + [...names].map(([reason, named]) => `${named.join(", ")}: ${continued(reason)}`).join("; ");
}

const NO_UPLOAD_NODE = "drop an image, a video or a sound; those are the files the canvas's upload nodes take";

/** Upload dropped files, each into a new upload node of its kind placed from `at` (see placeDroppedFiles); a node
 * appears, as one undo step, only once its file is stored. Resolves when every file is settled; then one notice
 * names the files that were not added and why. */
export async function dropFiles(files: readonly File[], at: XYPosition): Promise<void> {
  const store = useEditor.getState();
  const { placed, refused } = placeDroppedFiles(files, at, store.specsByType);
  const problems = refused.map((file) => ({ name: file.name, reason: NO_UPLOAD_NODE }));
  await Promise.all(placed.map(async ({ file, media, nodeType, position }) => {
    const done = store.showPendingUpload(file.name, position);
    try {
      const asset = await uploadAsset(file, media);
      useEditor.getState().addNode(nodeType, position, { asset_id: asset.id });
    } catch (error) {
      problems.push({ name: file.name, reason: error instanceof Error ? error.message : "the upload failed" });
    } finally {
      done();
    }
  }));
  if (problems.length) useEditor.getState().notify(notAddedText(problems), "error");
}
