// The files a workflow file names by `path` (`{"type": "input.image", "params": {"path": "photo.jpg"}}`: a picture
// beside the workflow file, as `karate run` reads it). A browser cannot read the user's disk by a path, so a project
// opened from such a file keeps each name in its upload node's file-name parameter, with no file: the node and a
// notice say which picture to drop where. The server never opens a `path` sent to it (tests/api/test_workflows.py).

import type { NodeSpec } from "../api/types";
import { listInWords, plural } from "../words";
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

/** "This workflow uses “photo.jpg”: drop that picture here.": what an upload node that names a file it does not hold
 * says under its drop field. */
export function namedFileText(file: NamedFile): string {
  return `This workflow uses “${file.name}”: drop that ${MEDIA_NOUN[file.media]} here.`;
}

/** "a picture", "2 pictures and 1 sound": how many files of each kind `files` are. */
function counted(files: readonly NamedFile[]): string {
  if (files.length === 1) return `a ${MEDIA_NOUN[files[0].media]}`;
  const parts = (["image", "video", "audio"] as const).map((media) => {
    const n = files.filter((file) => file.media === media).length;
    return n === 0 ? "" : plural(n, MEDIA_NOUN[media]);
  }).filter(Boolean);
  return listInWords(parts);
}

/** "This workflow uses 2 pictures from your computer, which the studio can't open by their names: drop “photo.jpg”
 * into Image Upload and “logo.png” into Image Upload (2).": the notice of a project opened from a workflow file whose
 * upload nodes named files, each on the node `nameOf` names. `files` is not empty. */
export function namedFilesNotice(files: readonly NamedFile[], nameOf: (nodeId: string) => string): string {
  const each = files.map((file) => `“${file.name}” into ${nameOf(file.nodeId)}`);
  const them = files.length === 1 ? "its name" : "their names";
  return `This workflow uses ${counted(files)} from your computer, which the studio can't open by ${them}: drop `
    + `${listInWords(each, each.length)}.`;
}
