// Workflows and templates: list (search), create, read, save (optimistic concurrency), duplicate, delete to
// the trash and restore.

import { json, request } from "./client";
import type { components } from "./schema.gen";
import type { Page, Template, Workflow, WorkflowDocument, WorkflowSummary } from "./types";

/** The title of a project nobody has named yet: it keeps it until they rename it. */
export const UNTITLED = "Untitled project";
/** The longest title the server accepts (karate/api/workflow_schemas.py WorkflowUpdate.title, `maxLength` in
 * web/openapi.json; workflows.test.ts checks they agree). */
export const TITLE_MAX_LENGTH = 200;

/** A deleted workflow, restorable until `purge_at`. */
export type TrashedWorkflow = components["schemas"]["TrashedWorkflow"];

export const emptyDocument = (): WorkflowDocument => ({ schema_version: 1, nodes: [], edges: [] });

/** Your workflows, newest change first; `query` keeps those whose title contains it (any case). */
export async function listWorkflows(limit = 200, query = ""): Promise<WorkflowSummary[]> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (query.trim()) params.set("q", query.trim());
  return (await request<Page<WorkflowSummary>>(`workflows?${params}`)).items;
}

/** The workflows others shared with you (accounts mode), newest change first; each item's `access` says as what
 * (`editor` or `viewer`); `query` as for your own. */
export async function listSharedWorkflows(limit = 200, query = ""): Promise<WorkflowSummary[]> {
  const params = new URLSearchParams({ limit: String(limit), shared: "true" });
  if (query.trim()) params.set("q", query.trim());
  return (await request<Page<WorkflowSummary>>(`workflows?${params}`)).items;
}

export function getWorkflow(id: string): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(id)}`);
}

/** A new project of yours; `distinct`: numbered by the server when one of yours already has its title ("Poster (2)"),
 * as a file opened a second time is. */
export function createWorkflow(title: string, document: WorkflowDocument = emptyDocument(),
  distinct = false): Promise<Workflow> {
  const numbered: Partial<components["schemas"]["WorkflowCreate"]> = distinct ? { distinct_title: true } : {};
  return request<Workflow>("workflows", { method: "POST", body: json({ title, document, ...numbered }) });
}

export interface WorkflowUpdate {
  title?: string;
  document?: WorkflowDocument;
  /** The version loaded: 409 when someone saved since. Left out, the change merges into whatever is current. */
  version?: number;
}

/** Save changes; the server answers 409 when someone saved since `update.version` (when given). */
export function saveWorkflow(id: string, update: WorkflowUpdate): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(id)}`, { method: "PATCH", body: json(update) });
}

/** Move a workflow to the trash (restorable for the server's retention period). */
export function deleteWorkflow(id: string): Promise<void> {
  return request<void>(`workflows/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** Bring a workflow back from the trash. */
export function restoreWorkflow(id: string): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(id)}/restore`, { method: "POST" });
}

/** Your deleted workflows, most recently deleted first, and how many days the server keeps them. */
export function listTrash(): Promise<components["schemas"]["TrashList"]> {
  return request<components["schemas"]["TrashList"]>("trash");
}

/** Delete everything in the trash for good. */
export function emptyTrash(): Promise<components["schemas"]["TrashEmptied"]> {
  return request<components["schemas"]["TrashEmptied"]>("trash", { method: "DELETE" });
}

export function duplicateWorkflow(id: string): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(id)}/duplicate`, { method: "POST" });
}

/** A template becomes your own workflow by duplicating it. */
export function copyTemplate(template: Template): Promise<Workflow> {
  return duplicateWorkflow(template.id);
}

export async function listTemplates(): Promise<Template[]> {
  // a template's document always has its nodes and edges (the schema only lets a request leave them out)
  return (await request<components["schemas"]["TemplateList"]>("templates")).items as Template[];
}
