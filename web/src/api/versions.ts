// Versions of a workflow (/api/v1/workflows/{id}/versions): list them, save a named one, read one with its
// document, its difference from the current graph, restore it on the server, open it as a new project; and an
// asset's provenance (GET /assets/{id}/provenance: the run that made it and the version that run ran).

import { json, request } from "./client";
import type { components } from "./schema.gen";
import type { Workflow } from "./types";

type Schemas = components["schemas"];

/** The longest version name the server accepts (karate/api/version_schemas.py VersionCreate.name, `maxLength` in
 * web/openapi.json; workflows.test.ts checks they agree). */
export const VERSION_NAME_MAX_LENGTH = 200;

/** How a version came to be: saved by name, every 10 minutes of editing, before a run, or by a restore. */
export type VersionKind = Schemas["VersionKind"];
export type Person = Schemas["Person"];
/** A version as listed: number, kind, name, author, time, how many nodes. */
export type Version = Schemas["VersionSummary"];
/** A version with its whole document. */
export type VersionDetail = Schemas["VersionOut"];
export type DiffNode = Schemas["DiffNode"];
export type DiffParam = Schemas["ParamChange"];
export type DiffChange = Schemas["ChangedNode"];
export type DiffEdge = Schemas["DiffEdge"];
/** From a version to the current graph: `added` are in the graph now and not in the version. */
export type VersionDiff = Schemas["VersionDiff"];

/** A version something came from (a run, an asset): number, name, kind. */
export type VersionRef = Schemas["VersionRef"];
/** Where an asset came from: its run and node, the workflow, and the version the run ran (nulls for an upload). */
export type Provenance = Schemas["Provenance"];

const versionsOf = (workflowId: string) => `workflows/${encodeURIComponent(workflowId)}/versions`;
const versionOf = (workflowId: string, versionId: string) =>
  `${versionsOf(workflowId)}/${encodeURIComponent(versionId)}`;

/** The workflow's versions, newest first. */
export async function listVersions(workflowId: string): Promise<Version[]> {
  return (await request<Schemas["VersionList"]>(versionsOf(workflowId))).items;
}

/** Save the current graph as a named version (needs the right to edit). */
export function saveVersion(workflowId: string, name: string): Promise<Version> {
  const body: Schemas["VersionCreate"] = { name };
  return request<Version>(versionsOf(workflowId), { method: "POST", body: json(body) });
}

/** One version with its whole document. */
export function getVersion(workflowId: string, versionId: string): Promise<VersionDetail> {
  return request<VersionDetail>(versionOf(workflowId, versionId));
}

/** What changed from the version to the current graph: `added` are in the graph now and not in the version. */
export function versionDiff(workflowId: string, versionId: string): Promise<VersionDiff> {
  return request<VersionDiff>(`${versionOf(workflowId, versionId)}/diff`);
}

/** Restore on the server (recorded as a "restore" version first); the editor restores in the page instead. */
export function restoreVersion(workflowId: string, versionId: string): Promise<Workflow> {
  return request<Workflow>(`${versionOf(workflowId, versionId)}/restore`, { method: "POST" });
}

/** A new project of your own holding the version's graph. */
export function copyVersion(workflowId: string, versionId: string): Promise<Workflow> {
  return request<Workflow>(`${versionOf(workflowId, versionId)}/copy`, { method: "POST" });
}

/** Where an asset came from: its run, the node that made it, and the version that run ran (null before runs
 * recorded versions, or for an upload). */
/** Where a result came from; `runId`: the run it is shown from, which traces a result no node saved. */
export function getProvenance(assetId: string, runId?: string | null): Promise<Provenance> {
  const query = runId ? `?run_id=${encodeURIComponent(runId)}` : "";
  return request<Provenance>(`assets/${encodeURIComponent(assetId)}/provenance${query}`);
}
