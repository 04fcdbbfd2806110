// Workflows and templates: list, create, read, save (optimistic concurrency), duplicate, delete.

import { ApiError, json, request } from "./client";
import type { Page, Template, Workflow, WorkflowDocument, WorkflowSummary } from "./types";

export const emptyDocument = (): WorkflowDocument => ({ schema_version: 1, nodes: [], edges: [] });

function itemsOf<T>(body: Page<T> | T[]): T[] {
  return Array.isArray(body) ? body : body.items;
}

export async function listWorkflows(limit = 200): Promise<WorkflowSummary[]> {
  return itemsOf(await request<Page<WorkflowSummary> | WorkflowSummary[]>(`workflows?limit=${limit}`));
}

export function getWorkflow(id: string): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(id)}`);
}

export function createWorkflow(title: string, document: WorkflowDocument = emptyDocument()): Promise<Workflow> {
  return request<Workflow>("workflows", { method: "POST", body: json({ title, document }) });
}

export interface WorkflowUpdate {
  title?: string;
  document?: WorkflowDocument;
  version: number;
}

/** Save changes; the server answers 409 when someone saved since `update.version`. */
export async function saveWorkflow(id: string, update: WorkflowUpdate): Promise<Workflow> {
  const path = `workflows/${encodeURIComponent(id)}`;
  try {
    return await request<Workflow>(path, { method: "PATCH", body: json(update) });
  } catch (error) {
    // Servers that follow the first API draft take PUT instead.
    if (error instanceof ApiError && error.status === 405) {
      return request<Workflow>(path, { method: "PUT", body: json(update) });
    }
    throw error;
  }
}

export function deleteWorkflow(id: string): Promise<void> {
  return request<void>(`workflows/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function duplicateWorkflow(id: string): Promise<Workflow> {
  return request<Workflow>(`workflows/${encodeURIComponent(id)}/duplicate`, { method: "POST" });
}

/** A template becomes your own workflow by duplicating it. */
export function copyTemplate(template: Template): Promise<Workflow> {
  return duplicateWorkflow(template.id);
}

export async function listTemplates(): Promise<Template[]> {
  const body = await request<Page<Template> | Template[] | { templates: Template[] }>("templates");
  if (Array.isArray(body)) return body;
  return "templates" in body ? body.templates : body.items;
}
