// Comments on the canvas: open threads show a pin at their node or spot (resolved ones leave the canvas); a pin
// opens its thread (author, replies, a reply box, Resolve); the comment tool pins a new thread to the node or the
// spot clicked; the side list filters open and resolved threads and picks one by selecting its node. The API
// is served at fetch, and the canvas is xyflow's own.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReactFlow, ReactFlowProvider, type Viewport } from "@xyflow/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Thread } from "../../api/comments";
import { useSession } from "../../app/session";
import { SPECS } from "../../test/specs";
import { nodeTypes } from "../nodes/nodeTypes";
import { resetEditor, useEditor } from "../store/editorStore";
import { CommentLayer } from "./CommentLayer";
import { CommentsPanel } from "./CommentsPanel";
import { CARD_ROOM_PX, SIDE_PANEL_PX, threadCentre } from "./pins";
import { loadComments, resetComments, setCommentMode, useComments } from "./store";

const ME = { id: "u-me", email: "ada@example.com", name: "Ada", role: "user", credits: 100,
  analytics_opt_out: false, mode: "accounts", csrf_token: "csrf" } as const;
const BOB = { id: "u-bob", name: "Bob" };
const ADA = { id: ME.id, name: "Ada" };
const AT = "2026-01-02T10:00:00Z";

const thread = (id: string, part: Partial<Thread>): Thread => ({ id, body: `Thread ${id}`, author: BOB,
  created_at: AT, updated_at: AT, node_id: null, x: null, y: null, resolved_at: null, resolved_by: null,
  replies: [], ...part });

let threads: Thread[] = [];
let requests: { method: string; url: string; body?: unknown }[] = [];

function serve(url: string, init: RequestInit = {}): Response {
  const method = init.method ?? "GET";
  const body = init.body ? JSON.parse(init.body as string) as Record<string, unknown> : undefined;
  requests.push({ method, url, body });
  const ok = (answer: unknown, status = 200) => new Response(JSON.stringify(answer), { status });
  if (url === "/api/v1/workflows/w1/comments" && method === "POST") {
    const made = thread(`t${threads.length + 1}`, { ...body, author: ADA });
    threads = [...threads, made];
    return ok(made, 201);
  }
  if (url === "/api/v1/workflows/w1/comments") return ok({ items: threads });
  const reply = /^\/api\/v1\/workflows\/w1\/comments\/(\w+)\/replies$/.exec(url);
  if (reply && method === "POST") {
    const made = { id: `r${Date.now()}`, body: body!.body as string, author: ADA, created_at: AT, updated_at: AT };
    threads = threads.map((item) => (item.id === reply[1] ? { ...item, replies: [...item.replies, made] } : item));
    return ok(made, 201);
  }
  const one = /^\/api\/v1\/workflows\/w1\/comments\/(\w+)$/.exec(url);
  if (one && method === "PATCH") {
    threads = threads.map((item) => (item.id === one[1]
      ? { ...item, resolved_at: body!.resolved ? AT : null, resolved_by: body!.resolved ? ADA : null } : item));
    return ok(threads.find((item) => item.id === one[1]));
  }
  if (one && method === "DELETE") {
    threads = threads.filter((item) => item.id !== one[1])
      .map((item) => ({ ...item, replies: item.replies.filter((r) => r.id !== one[1]) }));
    return new Response(null, { status: 204 });
  }
  return ok({ detail: "not found", code: "not_found" }, 404);
}

/** The views the canvas moved through (a pan to a picked thread), and whether the move ended. */
let pan: { views: Viewport[]; ended: boolean } = { views: [], ended: false };

function Canvas() {
  const nodes = useEditor((s) => s.nodes);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  return (
    <div style={{ width: 800, height: 600 }}>
      <ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} onNodesChange={onNodesChange}
        onMove={(_, view) => pan.views.push(view)} onMoveEnd={() => { pan.ended = true; }} />
    </div>
  );
}

async function renderCanvas(panel = false) {
  render(
    <ReactFlowProvider>
      <Canvas />
      <CommentLayer workflowId="w1" />
      {panel && <CommentsPanel workflowId="w1" />}
    </ReactFlowProvider>);
  await act(() => loadComments("w1"));
}

// jsdom lays nothing out: every element measures 0×0. Picking a thread in the list pans the canvas to it, animated
// by d3-zoom across the size xyflow measured its pane at: at 0×0 the animation divides by nothing, the view went NaN,
// and so did the card's place ("`NaN` is an invalid value for the `left` css style property"). A browser lays the
// pane out at its box's size (Canvas, 800×600): so does this test.
const measure = Element.prototype.getBoundingClientRect;
function layOutPane(this: Element): DOMRect {
  return this.classList.contains("react-flow__renderer") ? new DOMRect(0, 0, 800, 600) : measure.call(this);
}

beforeEach(() => {
  vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(layOutPane);
  pan = { views: [], ended: false };
  threads = [
    thread("t1", { x: 300, y: 200, body: "Too dark here" }),
    thread("t2", { node_id: "b", body: "Try a bigger radius", replies: [
      { id: "r1", body: "Will do", author: ADA, created_at: AT, updated_at: AT }] }),
    thread("t3", { x: 10, y: 10, body: "Old note", resolved_at: AT, resolved_by: BOB }),
  ];
  requests = [];
  resetEditor();
  resetComments();
  useSession.setState({ state: { status: "signed-in", me: { ...ME } } });
  useEditor.getState().setSpecs(SPECS);
  useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "editor" });
  useEditor.getState().loadDocument({ schema_version: 1, edges: [], nodes: [
    { id: "b", type: "tool.blur", params: { radius: 2 }, position: { x: 100, y: 100 } }] });
  vi.stubGlobal("fetch", vi.fn((url: string, init?: RequestInit) => Promise.resolve(serve(url, init))));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  act(() => useSession.setState({ state: { status: "idle" } }));
});

describe("comment pins on the canvas", () => {
  it("pins each open thread at its spot or its node; resolved threads leave the canvas", async () => {
    await renderCanvas();
    const pins = await screen.findAllByTestId("comment-pin");
    expect(pins.map((pin) => pin.dataset.threadId)).toEqual(["t1", "t2"]);
    expect(pins[1]).toHaveTextContent("2");  // the thread and its reply
    expect(pins[0].parentElement!.style.transform).toContain("translate(300px, 200px)");
  });

  it("opens a thread from its pin: replies with their authors, a reply posted, Resolve", async () => {
    await renderCanvas();
    await userEvent.click((await screen.findAllByTestId("comment-pin"))[1]);
    const card = screen.getByTestId("comment-thread");
    expect(card).toHaveTextContent("Bob");
    expect(card).toHaveTextContent("Try a bigger radius");
    expect(card).toHaveTextContent("Will do");
    await userEvent.type(within(card).getByTestId("comment-input"), "Done: 8 px");
    await userEvent.click(within(card).getByRole("button", { name: "Reply" }));
    expect(await within(card).findByText("Done: 8 px")).toBeVisible();
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/comments/t2/replies",
      body: { body: "Done: 8 px" } });
    await userEvent.click(within(card).getByRole("button", { name: "Resolve" }));
    expect(requests).toContainEqual({ method: "PATCH", url: "/api/v1/workflows/w1/comments/t2",
      body: { resolved: true } });
    expect(await within(screen.getByTestId("comment-thread")).findByRole("button", { name: "Reopen" }))
      .toBeVisible();
  });

  it("sends a reply on Enter, as the new-comment box sends a comment; Shift+Enter starts a new line", async () => {
    await renderCanvas();
    await userEvent.click((await screen.findAllByTestId("comment-pin"))[1]);
    const card = screen.getByTestId("comment-thread");
    const box = within(card).getByTestId("comment-input");
    await userEvent.type(box, "Done:{Shift>}{Enter}{/Shift}8 px");
    expect(box).toHaveValue("Done:\n8 px");
    await userEvent.type(box, "{Enter}");
    expect(await within(card).findByText(/Done:\s+8 px/)).toBeVisible();
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/comments/t2/replies",
      body: { body: "Done:\n8 px" } });
    expect(box).toHaveValue("");

    act(() => setCommentMode(true));
    fireEvent.click(document.querySelector(".react-flow__pane")!, { clientX: 120, clientY: 80 });
    await userEvent.type(screen.getByTestId("comment-input"), "Add a frame here{Enter}");
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/comments",
      body: { body: "Add a frame here", x: 120, y: 80 } });
  });

  it("says a pasted reply was cut to the most a comment holds, rather than dropping the rest without a word",
    async () => {
      await renderCanvas();
      await userEvent.click((await screen.findAllByTestId("comment-pin"))[1]);
      const box = within(screen.getByTestId("comment-thread")).getByTestId("comment-input");
      await userEvent.click(box);
      await userEvent.paste("x".repeat(8100));
      expect(box).toHaveValue("x".repeat(5000));
      expect(screen.getByTestId("comment-length")).toHaveTextContent(
        "5,000 / 5,000 characters: the most a comment holds; the pasted text was cut to fit");
    });

  it("lets an editor delete their own comments only, after asking", async () => {
    await renderCanvas();
    await userEvent.click((await screen.findAllByTestId("comment-pin"))[1]);
    const card = screen.getByTestId("comment-thread");
    expect(within(card).queryByRole("button", { name: "Delete this thread" })).toBeNull();  // Bob's
    await userEvent.click(within(card).getByRole("button", { name: "Delete this reply" }));  // Ada's: asks first
    expect(requests.some((request) => request.method === "DELETE")).toBe(false);
    await userEvent.click(within(card).getByRole("button", { name: "Really delete this reply?" }));
    await waitFor(() => expect(within(card).queryByText("Will do")).toBeNull());
    expect(requests).toContainEqual({ method: "DELETE", url: "/api/v1/workflows/w1/comments/r1", body: undefined });
  });

  it("pins a new thread to the spot clicked with the comment tool", async () => {
    await renderCanvas();
    act(() => setCommentMode(true));
    fireEvent.click(document.querySelector(".react-flow__pane")!, { clientX: 120, clientY: 80 });
    await userEvent.type(screen.getByTestId("comment-input"), "Add a frame here");
    await userEvent.click(screen.getByRole("button", { name: "Comment" }));
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/comments",
      body: { body: "Add a frame here", x: 120, y: 80 } });
    expect(await screen.findByTestId("comment-thread")).toHaveTextContent("Add a frame here");
    expect(screen.getAllByTestId("comment-pin")).toHaveLength(3);
  });

  it("pins a new thread to the node clicked with the comment tool, without selecting it", async () => {
    await renderCanvas();
    act(() => setCommentMode(true));
    await userEvent.click(document.querySelector('.react-flow__node[data-id="b"]')!);
    expect(useEditor.getState().nodes.find((node) => node.id === "b")?.selected).toBeFalsy();
    await userEvent.type(screen.getByTestId("comment-input"), "Blur less");
    await userEvent.click(screen.getByRole("button", { name: "Comment" }));
    expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/comments",
      body: { body: "Blur less", node_id: "b" } });
  });

  it("lets a viewer comment and reply, resolve only their own threads, and delete only their own comments",
    async () => {
      useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "viewer" });
      threads = [...threads, thread("t4", { x: 500, y: 300, body: "Mine", author: ADA })];
      await renderCanvas();
      await userEvent.click((await screen.findAllByTestId("comment-pin"))[1]);  // Bob's thread, Ada's reply
      let card = screen.getByTestId("comment-thread");
      await userEvent.type(within(card).getByTestId("comment-input"), "Agreed");
      await userEvent.click(within(card).getByRole("button", { name: "Reply" }));
      expect(requests).toContainEqual({ method: "POST", url: "/api/v1/workflows/w1/comments/t2/replies",
        body: { body: "Agreed" } });
      expect(within(card).queryByTestId("comment-resolve")).toBeNull();
      expect(within(card).queryByRole("button", { name: "Delete this thread" })).toBeNull();
      expect(within(card).getAllByRole("button", { name: "Delete this reply" })).toHaveLength(2);  // both Ada's
      await userEvent.click(screen.getAllByTestId("comment-pin")[2]);  // Ada's own thread
      card = screen.getByTestId("comment-thread");
      expect(within(card).getByTestId("comment-resolve")).toHaveTextContent("Resolve");
      act(() => setCommentMode(true));
      expect(useComments.getState().mode).toBe(true);
    });

  it("has no comment tool and no reply box for a reader of someone's public project", async () => {
    useEditor.getState().setWorkflowMeta({ id: "w1", title: "Fox", version: 1, access: "public" });
    await renderCanvas();
    act(() => setCommentMode(true));
    expect(useComments.getState().mode).toBe(false);
    await userEvent.click((await screen.findAllByTestId("comment-pin"))[0]);
    expect(screen.getByTestId("comment-thread")).toHaveTextContent("Too dark here");
    expect(screen.queryByTestId("comment-input")).toBeNull();
  });
});

describe("a thread opened from the comments list", () => {
  it("is centred so that its node and its card, right of the node, both show left of the panel", () => {
    const pane = { width: 1150, height: 850 };  // a 1400×900 window less the node palette and the toolbar
    const box = { x: 300, y: 0, width: 256, height: 380 };
    for (const zoom of [1, 0.75]) {
      const centre = threadCentre(box, pane, zoom);
      const left = pane.width / 2 + (box.x - centre.x) * zoom;  // the node's left edge on screen
      expect(left, `zoom ${zoom}`).toBeGreaterThanOrEqual(0);
      expect(left + box.width * zoom + CARD_ROOM_PX, `zoom ${zoom}`).toBeLessThanOrEqual(pane.width - SIDE_PANEL_PX);
      expect(centre.y).toBe(190);
    }
  });

  it("keeps the comment's line breaks in the list, as its thread does", async () => {
    threads = [thread("t1", { node_id: "b", body: "Is radius 4 enough?\nMaybe try 10." })];
    await renderCanvas(true);
    const body = screen.getByTestId("comment-list-body");
    expect(body.textContent).toBe("Is radius 4 enough?\nMaybe try 10.");
    expect(body).toHaveClass("whitespace-pre-line", "line-clamp-2");
  });
});

describe("the comments list", () => {
  it("lists open or resolved threads, and picking one opens it and selects its node", async () => {
    await renderCanvas(true);
    const list = screen.getByTestId("comment-list");
    expect(within(list).getAllByTestId("comment-list-item").map((item) => item.dataset.threadId))
      .toEqual(["t1", "t2"]);
    expect(within(list).getAllByTestId("comment-list-item")[1]).toHaveTextContent("On Blur · 1 reply");
    await userEvent.click(within(list).getAllByTestId("comment-list-item")[1]);
    expect(useComments.getState().openId).toBe("t2");
    expect(useEditor.getState().nodes.find((node) => node.id === "b")?.selected).toBe(true);
    expect(screen.getByTestId("comment-thread")).toHaveTextContent("Try a bigger radius");
    // the canvas pans to the node through real places (its card beside it all the way), and ends there
    await waitFor(() => expect(pan.ended).toBe(true));
    expect(pan.views.length).toBeGreaterThan(1);
    expect(pan.views.filter((view) => ![view.x, view.y, view.zoom].every(Number.isFinite))).toEqual([]);
    const card = screen.getByTestId("comment-thread").closest<HTMLElement>("[data-opens]")!;
    expect(card.style.left).toMatch(/^-?[\d.]+px$/);
    await userEvent.click(screen.getByRole("radio", { name: "Resolved" }));
    expect(within(screen.getByTestId("comment-list")).getAllByTestId("comment-list-item")
      .map((item) => item.dataset.threadId)).toEqual(["t3"]);
  });
});
