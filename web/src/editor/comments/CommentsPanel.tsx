// The comments list in the side panel: open or resolved threads, newest first; picking one opens it on the
// canvas and centres its node (selected) or its spot.

import { useReactFlow, useStoreApi } from "@xyflow/react";
import type { Thread } from "../../api/comments";
import { SidePanel } from "../panels/SidePanel";
import { startedWords } from "../panels/runTimes";
import { openCollabPanel } from "../activity/panels";
import { useEditor } from "../store/editorStore";
import { mayComment } from "../store/graphSlice";
import { isStudioNode } from "../types";
import { threadCentre } from "./pins";
import { isResolved, loadComments, openThread, setCommentMode, useComments, type CommentFilter } from "./store";

const FILTERS: { value: CommentFilter; label: string }[] = [
  { value: "open", label: "Open" }, { value: "resolved", label: "Resolved" },
];

/** The name of the node a thread is pinned to, as the canvas shows it; null for a spot or a node deleted since. */
function useNodeName(nodeId: string | null | undefined): string | null {
  return useEditor((s) => {
    const node = nodeId ? s.nodes.find((item) => item.id === nodeId) : undefined;
    if (!node || !isStudioNode(node)) return null;
    return node.data.title ?? s.specsByType.get(node.data.nodeType)?.title ?? node.data.nodeType;
  });
}

function ThreadItem({ thread, onPick }: { thread: Thread; onPick(thread: Thread): void }) {
  const nodeName = useNodeName(thread.node_id);
  const openId = useComments((s) => s.openId);
  const replies = thread.replies.length;
  return (
    <li>
      <button type="button" data-testid="comment-list-item" data-thread-id={thread.id}
        aria-current={openId === thread.id ? "true" : undefined} onClick={() => onPick(thread)}
        className={`flex w-full flex-col gap-0.5 rounded-lg border p-2 text-left ${openId === thread.id
          ? "border-accent bg-indigo-50/60 dark:bg-indigo-950/40"
          : "border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}>
        <span className="flex items-baseline gap-2 text-xs">
          <span className="font-semibold">{thread.author?.name || "Someone"}</span>
          <time dateTime={thread.created_at} className="text-zinc-500">{startedWords(thread.created_at)}</time>
        </span>
        <span className="line-clamp-2 whitespace-pre-line break-words text-sm" data-testid="comment-list-body">
          {thread.body}</span>
        <span className="text-[11px] text-zinc-500">
          {[thread.node_id ? (nodeName ? `On ${nodeName}` : "On a deleted node") : "On the canvas",
            replies ? `${replies} repl${replies === 1 ? "y" : "ies"}` : null].filter(Boolean).join(" · ")}
        </span>
      </button>
    </li>
  );
}

export function CommentsPanel({ workflowId }: { workflowId: string }) {
  const threads = useComments((s) => s.threads);
  const status = useComments((s) => s.status);
  const error = useComments((s) => s.error);
  const filter = useComments((s) => s.filter);
  const commentable = useEditor((s) => mayComment(s.workflow));
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const listed = threads.filter((thread) => isResolved(thread) === (filter === "resolved"))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));

  const pick = (thread: Thread) => {
    openThread(thread.id);
    const node = thread.node_id ? flow.getInternalNode(thread.node_id) : undefined;
    if (node) {
      const store = useEditor.getState();
      store.onNodesChange(store.nodes.map((item) => ({ type: "select" as const, id: item.id,
        selected: item.id === node.id })));
      // the node goes left of the middle, its thread's card right of it (clear of this panel), as a pin's click opens it
      const { width, height } = flowStore.getState();
      const zoom = flow.getZoom();
      const centre = threadCentre({ ...node.internals.positionAbsolute, width: node.measured.width ?? 0,
        height: node.measured.height ?? 0 }, { width, height }, zoom);
      void flow.setCenter(centre.x, centre.y, { zoom, duration: 250 });
    } else if (typeof thread.x === "number" && typeof thread.y === "number") {
      void flow.setCenter(thread.x, thread.y, { zoom: flow.getZoom(), duration: 250 });
    }
  };

  return (
    <SidePanel title="Comments" label="Comments" testId="comments-panel" onClose={() => openCollabPanel(null)}>
      <div className="mb-3 flex items-center gap-2">
        <div role="radiogroup" aria-label="Show" className="flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
          {FILTERS.map((item) => (
            <button key={item.value} type="button" role="radio" aria-checked={filter === item.value}
              onClick={() => useComments.setState({ filter: item.value })}
              className={`rounded px-2 py-0.5 text-xs ${filter === item.value
                ? "bg-white font-medium shadow-sm dark:bg-zinc-900" : "text-zinc-500"}`}>{item.label}</button>
          ))}
        </div>
        {commentable && (
          <button type="button" className="btn ml-auto text-xs" onClick={() => setCommentMode(true)}
            title="Then click a node or the canvas (C)">New comment</button>
        )}
      </div>
      {status === "error" ? (
        <div role="alert" className="text-sm">
          <p className="text-red-600 dark:text-red-400">The comments could not be loaded: {error}</p>
          <button type="button" className="btn mt-2" onClick={() => void loadComments(workflowId)}>Try again</button>
        </div>
      ) : status !== "ready" ? (
        <p className="text-sm text-zinc-500">Loading the comments…</p>
      ) : (
        <>
          {listed.length === 0 && <p className="text-sm text-zinc-500">{filter === "open"
            ? "No open comments. Press C, then click a node or the canvas to start one." : "No resolved comments."}</p>}
          <ul data-testid="comment-list" className="flex flex-col gap-1">
            {listed.map((thread) => <ThreadItem key={thread.id} thread={thread} onPick={pick} />)}
          </ul>
        </>
      )}
    </SidePanel>
  );
}
