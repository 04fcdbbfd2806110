// The files a workflow file names by `path` (`{"type": "input.image", "params": {"path": "photo.jpg"}}`: a picture
// beside the workflow file, as `karate run` reads it). A browser cannot read the user's disk by a path, so a project
// opened from such a file keeps each name in its upload node's file-name parameter, with no file: the node and a
// notice say which picture to drop where. The server never opens a `path` sent to it (tests/api/test_workflows.py).

import type { NodeSpec } from "../api/types";
import { uploadNameParam, type UploadMedia } from "./graph/schemaForm";

/** The upload nodes a workflow file may give a file by `path`, and the kind of file each takes (the server's
 * FILE_INPUTS, karate/engine/workflow_file.py). */
export const FILE_INPUTS: Readonly<Record<string, UploadMedia>> = {
  "input.image": "image", "input.video": "video", "input.audio": "audio",
};

/** An upload node that names a file it does not hold: its id, the kind of file, and the file's name ("photo.jpg"). */
export interface NamedFile { nodeId: string; media: UploadMedia; name: string }

/** What each kind of file is called in sentences: "picture" ("2 pictures"). */
export const MEDIA_NOUN: Readonly<Record<UploadMedia, string>> = { image: "picture", video: "video", audio: "sound" };

/** "photo.jpg" of "shots/photo.jpg" or "C:\shots\photo.jpg": the name the file has on the user's computer. */
export const fileNameOf = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

/** The file the upload node `nodeId` of type `spec` names and does not hold (its upload parameter empty, its
 * file-name parameter set), or null: it holds its file, has no name for one, or is not an upload node. */
export function namedFile(nodeId: string, spec: NodeSpec | undefined,
  params: Readonly<Record<string, unknown>>): NamedFile | null {
  const properties = spec?.params_schema.properties ?? {};
  const upload = Object.entries(properties).find(([, field]) => field.ui?.endsWith("-upload"));
  const nameParam = uploadNameParam(spec?.params_schema);
  if (!upload || !nameParam || params[upload[0]]) return null;
  const name = params[nameParam];
  const media = upload[1].ui?.replace(/-upload$/, "") as UploadMedia;
  return typeof name === "string" && name.trim() && media in MEDIA_NOUN ? { nodeId, media, name } : null;
}

/** "This workflow named “photo.jpg” next to its file: drop that picture above.": what an upload node that names a
 * file it does not hold says under its drop field. */
export function namedFileText(file: NamedFile): string {
  return `This workflow named “${file.name}” next to its file: drop that ${MEDIA_NOUN[file.media]} above.`;
}

/** "2 pictures and 1 sound": how many files of each kind `files` are. */
function counted(files: readonly NamedFile[]): string {
  const parts = (["image", "video", "audio"] as const).map((media) => {
    const n = files.filter((file) => file.media === media).length;
    return n === 0 ? "" : `${n} ${MEDIA_NOUN[media]}${n === 1 ? "" : "s"}`;
  }).filter(Boolean);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
}

/** "Add 2 pictures this workflow named next to its file: “photo.jpg” into Image Upload, “logo.png” into Image Upload
 * (2). The studio can't open files on your computer by their names: drop each picture into its node.": the notice of
 * a project opened from a workflow file whose upload nodes named files, each on the node `nameOf` names. `files` is
 * not empty. */
export function namedFilesNotice(files: readonly NamedFile[], nameOf: (nodeId: string) => string): string {
  const each = files.map((file) => `“${file.name}” into ${nameOf(file.nodeId)}`).join(", ");
  const kinds = new Set(files.map((file) => file.media));
  const noun = kinds.size === 1 ? MEDIA_NOUN[files[0].media] : "file";
  return `Add ${counted(files)} this workflow named next to its file: ${each}. The studio can't open files on your `
    + `computer by their names: drop each ${noun} into its node.`;
}
