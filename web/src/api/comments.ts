// Comments on a workflow (/api/v1/workflows/{id}/comments): threads pinned to a node or a spot on the canvas,
// with replies; resolve and reopen, edit (author), delete (author or owner).

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type Person = Schemas["Person"];
export type Reply = Schemas["CommentReply"];
/** A thread: its first comment (pinned to a node, or to a spot x, y in flow coordinates), resolved or not,
 * and its replies. */
export type Thread = Schemas["CommentThread"];

/** Where a new thread is pinned: a node (it follows the node), or a spot in flow coordinates. */
export type PinAt = { node_id: string } | { x: number; y: number };

const commentsOf = (workflowId: string) => `workflows/${encodeURIComponent(workflowId)}/comments`;
const commentOf = (workflowId: string, commentId: string) =>
  `${commentsOf(workflowId)}/${encodeURIComponent(commentId)}`;

/** Every thread of the workflow, each with its replies. */
export async function listComments(workflowId: string): Promise<Thread[]> {
  return (await request<Schemas["CommentList"]>(commentsOf(workflowId))).items;
}

export function createComment(workflowId: string, body: string, at: PinAt): Promise<Thread> {
  const create: Schemas["CommentCreate"] = { body, ...at };
  return request<Thread>(commentsOf(workflowId), { method: "POST", body: json(create) });
}

export function replyTo(workflowId: string, threadId: string, body: string): Promise<Reply> {
  const reply: Schemas["ReplyCreate"] = { body };
  return request<Reply>(`${commentOf(workflowId, threadId)}/replies`, { method: "POST", body: json(reply) });
}

/** Resolve or reopen a thread (anyone who may edit), or change a comment's words (its author). */
export function updateComment(workflowId: string, commentId: string,
  change: Schemas["CommentUpdate"]): Promise<unknown> {
  return request<unknown>(commentOf(workflowId, commentId), { method: "PATCH", body: json(change) });
}

/** Delete a thread (with its replies) or one reply. */
export function deleteComment(workflowId: string, commentId: string): Promise<void> {
  return request<void>(commentOf(workflowId, commentId), { method: "DELETE" });
}
