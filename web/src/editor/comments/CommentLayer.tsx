// Comments on the canvas: a pin for each open thread (at its node, following it, or at its spot), the thread
// beside its pin when clicked, and the comment tool: a click on a node or on empty canvas starts a thread
// there. Drawn in xyflow's viewport (flow coordinates), at a constant size whatever the zoom.

import { useEffect, useState, type CSSProperties, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useReactFlow, useStore, ViewportPortal, type ReactFlowState } from "@xyflow/react";
import { createComment, type PinAt, type Thread } from "../../api/comments";
import { couldNot } from "../../api/client";
import { useCollabPanel } from "../activity/panels";
import { useEditor } from "../store/editorStore";
import { isStudioNode } from "../types";
import { CommentLength } from "./CommentLength";
import { CommentThread } from "./CommentThread";
import { CARD_WIDTH_PX, cardPlacement, EDGE_PX } from "./cardPlacement";
import { pinFor, SIDE_PANEL_PX, spotOf, type NodeBox, type Spot } from "./pins";
import {
  COMMENT_MAX_LENGTH, isResolved, loadComments, openThread, pasteIsCut, setCommentMode,
  startDraft, useComments,
} from "./store";
import { ENTER_SENDS_KEYS, enterSends } from "../../app/enterSends";

/** Marks the layer's own elements: the comment tool lets clicks on them through. */
const UI = { "data-comment-ui": "" };

const boxIn = (state: ReactFlowState) => (id: string): NodeBox | null => {
  const node = state.nodeLookup.get(id);
  if (!node) return null;
  return { ...node.internals.positionAbsolute, width: node.measured.width ?? node.width ?? 200 };
};

/** The spots of `places` as one flat list of numbers (NaN where off the canvas): compared item by item, so the
 * layer draws again when a pinned node moves, and not on every other change of the canvas. */
function useSpots(places: ReadonlyArray<PinAt | Thread>): (Spot | null)[] {
  const flat = useStore((state) => places.flatMap((place) => {
    const spot = spotOf(place, boxIn(state));
    return spot ? [spot.x, spot.y] : [NaN, NaN];
  }), (a, b) => a.length === b.length && a.every((value, index) => Object.is(value, b[index])));
  return places.map((_, index) => (Number.isNaN(flat[2 * index]) ? null
    : { x: flat[2 * index], y: flat[2 * index + 1] }));
}

// Over every node: xyflow lifts a selected node to z-index 1000 (and a selected ghost of the AI's plan to 2000), and
// a thread opened from the Comments panel selects its node: under it, the card and its Reply box went unseen.
const PIN_Z = 2100;
const CARD_Z = 2200;

/** Something at a spot in flow coordinates, drawn at screen size whatever the zoom. */
function AtSpot({ spot, children, z = PIN_Z }: { spot: Spot; children: ReactNode; z?: number }) {
  const zoom = useStore((state) => state.transform[2]);
  const style: CSSProperties = { position: "absolute", left: 0, top: 0, zIndex: z, pointerEvents: "all",
    transform: `translate(${spot.x}px, ${spot.y}px) scale(${1 / zoom})`, transformOrigin: "0 0" };
  return <div {...UI} style={style} className="nodrag nopan nowheel">{children}</div>;
}

/** A node's pin, in screen pixels from the node's top-right corner: above the card, ending at its right edge. */
const NODE_PIN: CSSProperties = { marginTop: -27, transform: "translateX(-100%)" };

function Pin({ thread, spot, open }: { thread: Thread; spot: Spot; open: boolean }) {
  const count = thread.replies.length + 1;
  return (
    <AtSpot spot={spot} z={open ? PIN_Z + 1 : PIN_Z}>
      {/* a spot's pin points at it with its lower-left corner; a node's sits just above the node's top-right
          corner, clear of the card (drawn over it, half the pin went under a node drawn above the layer) */}
      <button type="button" data-testid="comment-pin" data-thread-id={thread.id} data-resolved={isResolved(thread)}
        style={thread.node_id ? NODE_PIN : { marginTop: -24 }}
        aria-label={`Comment by ${thread.author?.name ?? "someone"}: ${thread.body}`} aria-expanded={open}
        title={thread.body} onClick={() => openThread(open ? null : thread.id)}
        className={`flex h-6 min-w-6 items-center justify-center rounded-full rounded-bl-none px-1.5 text-[11px]
          font-semibold text-white shadow-md ring-2 ring-white dark:ring-zinc-900 ${isResolved(thread)
          ? "bg-zinc-400" : "bg-amber-500"}`}>
        {count}
      </button>
    </AtSpot>
  );
}

// opaque, unlike other panels: over the canvas, a node's words behind the card showed through its text; its width,
// where it opens and how high it may grow are cardPlacement's
const CARD = "panel flex select-text flex-col bg-white p-3 text-left dark:bg-zinc-900";

/** Whether a side panel (comments, versions, history, results, a node's settings) covers the canvas's right edge. */
function useSidePanelOpen(): boolean {
  const collab = useCollabPanel((s) => s.panel !== null);
  const editor = useEditor((s) => s.historyOpen || s.galleryOpen || s.settingsNodeId !== null);
  return collab || editor;
}

/** The canvas's bottom strip the AI dock and the minimap cover, in pixels, until they are measured. */
const BOTTOM_PX = 190;

const DOCK = "[data-testid=ai-dock]";

/** How much of the canvas's bottom the AI dock and the canvas's bottom corners (zoom controls, minimap, lifted above a
 * phone's dock) cover, in pixels, as drawn now: a card stops above all of them. */
function bottomCover(canvas: HTMLElement): number {
  const pane = canvas.getBoundingClientRect();
  const covers = [...canvas.querySelectorAll(".react-flow__panel.bottom"), document.querySelector(DOCK)];
  const heights = covers.flatMap((cover) => {
    const box = cover?.getBoundingClientRect();
    return box && box.height > 0 && box.top < pane.bottom ? [pane.bottom - box.top] : [];
  });
  return heights.length ? Math.max(...heights) : BOTTOM_PX;
}

/** The bottom strip covered while a card is open, measured as it opens and again as the canvas or the dock (its
 * plan growing) change size. */
function useBottomCover(): number {
  const canvas = useStore((state) => state.domNode);
  const [cover, setCover] = useState(BOTTOM_PX);
  useEffect(() => {
    if (!canvas) return;
    const measure = () => setCover(bottomCover(canvas));
    const first = requestAnimationFrame(measure);
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    for (const element of [canvas, document.querySelector(DOCK)]) if (element) observer?.observe(element);
    return () => {
      cancelAnimationFrame(first);
      observer?.disconnect();
    };
  }, [canvas]);
  return cover;
}

function Popover({ spot, children }: { spot: Spot; children: ReactNode }) {
  const panel = useSidePanelOpen();
  const cover = useBottomCover();
  const screenX = useStore((state) => spot.x * state.transform[2] + state.transform[0]);
  const screenY = useStore((state) => spot.y * state.transform[2] + state.transform[1]);
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  // a side panel at the canvas's right: the card keeps left of it, unless it leaves no room for one (a phone)
  const clear = width - SIDE_PANEL_PX >= CARD_WIDTH_PX + 2 * EDGE_PX;
  const room = { left: 0, top: EDGE_PX, right: panel && clear ? width - SIDE_PANEL_PX : width, bottom: height - cover };
  const place = cardPlacement({ x: screenX, y: screenY }, room);
  return (
    <AtSpot spot={spot} z={CARD_Z}>
      <div className={CARD} data-opens={`${place.upwards ? "up" : "down"} ${place.leftwards ? "left" : "right"}`}
        style={{ position: "absolute", left: place.x, top: place.y, width: place.width, maxHeight: place.maxHeight,
          ...(place.upwards ? { transform: "translateY(-100%)" } : {}) }}>
        {children}
      </div>
    </AtSpot>
  );
}

function Composer({ workflowId, draft, spot }: { workflowId: string; draft: PinAt; spot: Spot }) {
  const [body, setBody] = useState("");
  const [cut, setCut] = useState(false);
  const [busy, setBusy] = useState(false);
  const post = (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text || busy) return;
    setBusy(true);
    createComment(workflowId, text, draft).then(async (thread) => {
      useComments.setState({ draft: null });
      await loadComments(workflowId);
      openThread(thread.id);
    }, (error: unknown) => {
      setBusy(false);
      useEditor.getState().notify(couldNot("The comment could not be posted", error), "error");
    });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (enterSends(event)) {
      event.preventDefault();
      post();
    } else if (event.key === "Escape") useComments.setState({ draft: null });
  };
  return (
    <Popover spot={spot}>
      <form onSubmit={post} className="flex flex-col gap-1.5" data-testid="comment-composer">
        <textarea data-testid="comment-input" aria-label="Comment" placeholder="Write a comment…" rows={3}
          title={ENTER_SENDS_KEYS}
          autoFocus maxLength={COMMENT_MAX_LENGTH} value={body} onChange={(e) => setBody(e.target.value)}
          onPaste={(e) => setCut(pasteIsCut(e.currentTarget, e.clipboardData.getData("text")))}
          onKeyDown={onKeyDown} className="field-input resize-none text-sm" />
        <CommentLength length={body.length} cut={cut} />
        <span className="flex gap-1.5">
          <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()}>Comment</button>
          <button type="button" className="btn" onClick={() => useComments.setState({ draft: null })}>Cancel</button>
        </span>
      </form>
    </Popover>
  );
}

/** The comment tool: while on, a click on the canvas starts a thread instead of selecting, dragging or panning
 * (the wheel still zooms and pans). Escape turns it off. */
function useCommentTool(on: boolean) {
  const domNode = useStore((state) => state.domNode);
  const { screenToFlowPosition } = useReactFlow();
  useEffect(() => {
    if (!on || !domNode) return;
    const ours = (event: Event) => (event.target as Element | null)?.closest?.("[data-comment-ui]");
    const hold = (event: Event) => { if (!ours(event)) event.stopPropagation(); };
    const click = (event: MouseEvent) => {
      if (ours(event)) return;
      event.stopPropagation();
      const target = event.target as Element | null;
      if (target?.closest(".react-flow__controls, .react-flow__minimap, .react-flow__panel")) return;
      const nodeId = target?.closest(".react-flow__node")?.getAttribute("data-id") ?? null;
      const isStudio = (id: string) => useEditor.getState().nodes.some((node) => node.id === id && isStudioNode(node));
      startDraft(pinFor(nodeId, isStudio, screenToFlowPosition({ x: event.clientX, y: event.clientY })));
    };
    const held = ["pointerdown", "mousedown", "touchstart", "dblclick", "contextmenu"];
    for (const type of held) domNode.addEventListener(type, hold, true);
    domNode.addEventListener("click", click, true);
    domNode.setAttribute("data-commenting", "");
    return () => {
      for (const type of held) domNode.removeEventListener(type, hold, true);
      domNode.removeEventListener("click", click, true);
      domNode.removeAttribute("data-commenting");
    };
  }, [on, domNode, screenToFlowPosition]);
}

/** Escape puts away the draft, else the open thread, else the comment tool; a click elsewhere on the canvas
 * closes the open thread. */
function useDismiss() {
  const domNode = useStore((state) => state.domNode);
  useEffect(() => {
    const escape = (event: globalThis.KeyboardEvent) => {  // heard first: what it puts away is all Escape does
      if (event.key !== "Escape" || event.defaultPrevented) return;
      const { draft, openId, mode } = useComments.getState();
      if (!draft && !openId && !mode) return;
      event.preventDefault();
      if (draft) useComments.setState({ draft: null });
      else if (openId) openThread(null);
      else setCommentMode(false);
    };
    const elsewhere = (event: MouseEvent) => {
      const target = event.target as Element | null;
      if (useComments.getState().openId && !target?.closest?.("[data-comment-ui]")) openThread(null);
    };
    window.addEventListener("keydown", escape, true);
    domNode?.addEventListener("click", elsewhere);
    return () => {
      window.removeEventListener("keydown", escape, true);
      domNode?.removeEventListener("click", elsewhere);
    };
  }, [domNode]);
}

const COMMENTING_CSS = `.react-flow[data-commenting] .react-flow__pane,
.react-flow[data-commenting] .react-flow__node { cursor: crosshair; }`;

/** Mounted once inside the editor's ReactFlowProvider. */
export function CommentLayer({ workflowId }: { workflowId: string }) {
  const threads = useComments((s) => s.threads);
  const openId = useComments((s) => s.openId);
  const draft = useComments((s) => s.draft);
  const mode = useComments((s) => s.mode);
  useCommentTool(mode);
  useDismiss();
  // resolved threads leave the canvas (the list keeps them), unless open
  const shown = threads.filter((thread) => !isResolved(thread) || thread.id === openId);
  const spots = useSpots(draft ? [...shown, draft] : shown);
  const open = shown.findIndex((thread) => thread.id === openId);
  const draftSpot = draft ? spots[shown.length] : null;

  return (
    <ViewportPortal>
      {mode && <style>{COMMENTING_CSS}</style>}
      {shown.map((thread, index) => {
        const spot = spots[index];
        return spot && <Pin key={thread.id} thread={thread} spot={spot} open={thread.id === openId} />;
      })}
      {open >= 0 && spots[open] && (
        <Popover spot={spots[open]}>
          <CommentThread workflowId={workflowId} thread={shown[open]} />
        </Popover>
      )}
      {draft && draftSpot && <Composer workflowId={workflowId} draft={draft} spot={draftSpot} />}
    </ViewportPortal>
  );
}
