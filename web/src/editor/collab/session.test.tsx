// The live session against a real WebSocket server speaking the y-websocket protocol (a minimal one, in this
// process): the saved graph shows and takes no edits until the first sync, then edits reach the server; the link
// drops and comes back with offline edits merged; a server's refusal closes it for good, and its sign-out sends
// the page to sign in with its unsaved edits kept; others' cursors and selections are drawn; a page going away
// tells the others at once.
import { act, render, renderHook, screen } from "@testing-library/react";
import { ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { MemoryRouter } from "react-router-dom";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { forgetDraft, readDraft } from "../../app/draft";
import { useSession } from "../../app/session";
import { useKeepDraft } from "../hooks/useKeepDraft";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { CollabOverlay } from "./CollabOverlay";
import { OfflineBanner } from "./OfflineBanner";
import { NoticeToast } from "../panels/NoticeToast";
import { SaveIndicator } from "../panels/SaveIndicator";
import { useCollabInfo } from "./presence";
import { ANOTHER_TAB, closeSession, openSession, stateVector } from "./session";
import { applyDocument, documentOf, roots } from "./ydoc";

const SYNC = 0;
const AWARENESS = 1;
const WAIT = { timeout: 8000, interval: 20 };

/** A one-room y-websocket server: syncs every client with its document and relays awareness; a connection that
 * closes takes the pages it announced with it, their clock one past (as the studio does). `down` refuses new
 * connections (the studio unreachable); `drop(code)` closes every open one. */
function roomServer() {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const sockets = new Set<WebSocket>();
  const state = { down: false };
  const wss = new WebSocketServer({ port: 0, verifyClient: () => !state.down });
  const broadcast = (message: Uint8Array, except?: unknown) => {
    for (const socket of sockets) if (socket !== except && socket.readyState === socket.OPEN) socket.send(message);
  };
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, SYNC);
    syncProtocol.writeUpdate(encoder, update);
    broadcast(encoding.toUint8Array(encoder), origin);
  });
  const announced = new Map<unknown, Set<number>>();
  awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
    for (const client of added) announced.get(origin)?.add(client);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness,
      [...added, ...updated, ...removed]));
    broadcast(encoding.toUint8Array(encoder), origin);
  });
  wss.on("connection", (socket) => {
    sockets.add(socket);
    announced.set(socket, new Set());
    socket.on("message", (data: ArrayBuffer | Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data as ArrayBuffer));
      const type = decoding.readVarUint(decoder);
      if (type === SYNC) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, SYNC);
        syncProtocol.readSyncMessage(decoder, encoder, doc, socket);
        if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
      } else if (type === AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), socket);
      }
    });
    socket.on("close", () => {
      sockets.delete(socket);
      const left = [...announced.get(socket) ?? []].filter((client) => awareness.getStates().has(client));
      announced.delete(socket);
      if (!left.length) return;
      const leave = encoding.createEncoder();
      encoding.writeVarUint(leave, left.length);
      for (const client of left) {
        encoding.writeVarUint(leave, client);
        encoding.writeVarUint(leave, awareness.meta.get(client)!.clock + 1);
        encoding.writeVarString(leave, "null");
      }
      awarenessProtocol.applyAwarenessUpdate(awareness, encoding.toUint8Array(leave), "left");
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    socket.send(encoding.toUint8Array(encoder));
    const states = [...awareness.getStates().keys()];
    if (states.length) {
      const hello = encoding.createEncoder();
      encoding.writeVarUint(hello, AWARENESS);
      encoding.writeVarUint8Array(hello, awarenessProtocol.encodeAwarenessUpdate(awareness, states));
      socket.send(encoding.toUint8Array(hello));
    }
  });
  const port = (wss.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    doc,
    state,
    drop: (code = 1001) => { for (const socket of sockets) socket.close(code); },
    close: () => new Promise<void>((done) => {
      for (const socket of sockets) socket.terminate();
      wss.close(() => done());
    }),
  };
}

const SAVED: WorkflowDocument = { schema_version: 1, nodes: [
  { id: "blur-1", type: "tool.blur", params: { radius: 4, kind: "gaussian", angle: 0 }, position: { x: 0, y: 0 } },
], edges: [] };
const ME = { id: "u1", name: "Ada", color: "#e11d48" };
const store = () => useEditor.getState();
const WS = WebSocket as unknown as typeof globalThis.WebSocket;

let server: ReturnType<typeof roomServer>;
// The screen changes here on network events, as in the browser, not inside act().
const reactActEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => { reactActEnvironment.IS_REACT_ACT_ENVIRONMENT = false; });
afterAll(() => { reactActEnvironment.IS_REACT_ACT_ENVIRONMENT = true; });
beforeEach(() => {
  server = roomServer();
  applyDocument(server.doc, SAVED, "server");
  resetEditor();
  store().setSpecs(SPECS);
  store().loadDocument(SAVED);
  store().setWorkflowMeta({ id: "w1", title: "Fox", version: 1 });
});
afterEach(async () => {
  closeSession();
  await server.close();
});

/** Open the session and wait for its first sync. */
async function live() {
  openSession("w1", { url: server.url, user: ME, WebSocketPolyfill: WS });
  await vi.waitFor(() => expect(store().collab).toBe("live"), WAIT);
}

/** With the notices shown: the link drops, this page sets Blur's radius to 9 while someone sets Blur's `param` to
 * `value` on the server, and the link comes back. */
async function radiusNineApart(param: string, value: number) {
  await live();
  render(<MemoryRouter><NoticeToast /></MemoryRouter>);
  server.state.down = true;
  server.drop();
  await vi.waitFor(() => expect(store().collab).toBe("offline"), WAIT);
  act(() => store().updateParams("blur-1", { radius: 9 }));
  server.doc.transact(() => {
    (roots(server.doc).nodes.get("blur-1")!.get("params") as Y.Map<unknown>).set(param, value);
  }, "someone");
  server.state.down = false;
  await vi.waitFor(() => expect(store().collab).toBe("live"), WAIT);
}

describe("the live session", () => {
  it("shows the saved graph, takes no edit until synced, then edits the server's document", async () => {
    openSession("w1", { url: server.url, user: ME, WebSocketPolyfill: WS });
    expect(store().collab).toBe("connecting");
    expect(store().nodes.map((n) => n.id)).toEqual(["blur-1"]);  // never a blank canvas
    expect(store().addNode("tool.invert", { x: 0, y: 0 })).toBeNull();
    await vi.waitFor(() => expect(store().collab).toBe("live"), WAIT);
    expect(store().addNode("tool.invert", { x: 300, y: 0 })).toBe("invert-1");
    store().updateParams("blur-1", { radius: 8 });
    await vi.waitFor(() => expect(documentOf(server.doc).nodes.map((n) => [n.id, n.params?.radius]))
      .toEqual([["blur-1", 8], ["invert-1", undefined]]), WAIT);
    // a run waits for exactly this page's state
    expect(stateVector()).toBe(Buffer.from(Y.encodeStateVector(store().graphDoc())).toString("base64"));
  });

  it("says Saving… after an edit until the server answers a sync request sent after it", async () => {
    await live();
    useEditor.setState({ saveState: "saved" });  // the title is saved (the loader's doing)
    render(<SaveIndicator />);
    act(() => { store().updateParams("blur-1", { radius: 5 }); });
    expect(useCollabInfo.getState().unacked).toBe(true);
    expect(screen.getByTestId("save-state")).toHaveAttribute("data-state", "saving");
    await vi.waitFor(() => expect(screen.getByTestId("save-state")).toHaveAttribute("data-state", "saved"), WAIT);
    expect(documentOf(server.doc).nodes[0].params?.radius).toBe(5);  // stored before the answer
  });

  it("shows others' edits as they come", async () => {
    await live();
    server.doc.transact(() => {
      (roots(server.doc).nodes.get("blur-1")!.get("params") as Y.Map<unknown>).set("radius", 11);
    }, "someone");
    await vi.waitFor(() => expect(store().nodes[0].data).toMatchObject({ params: { radius: 11 } }), WAIT);
  });

  it("keeps edits made offline, says so, and merges them with others' on return", async () => {
    await live();
    render(<MemoryRouter><OfflineBanner /></MemoryRouter>);
    server.state.down = true;
    server.drop();
    await vi.waitFor(() => expect(store().collab).toBe("offline"), WAIT);
    expect(screen.getByTestId("offline-banner")).toHaveTextContent("your changes are kept");
    expect(stateVector()).toBeNull();  // a run now carries the document
    let added: string | null = null;
    act(() => { added = store().addNode("tool.invert", { x: 300, y: 0 }); });
    expect(added).toMatch(/^invert-1-[0-9a-z]+$/);  // no collaborator's new node can take its id meanwhile
    expect(useCollabInfo.getState().unsynced).toBe(true);
    server.doc.transact(() => {
      (roots(server.doc).nodes.get("blur-1")!.get("params") as Y.Map<unknown>).set("radius", 2);
    }, "someone");
    server.state.down = false;
    await vi.waitFor(() => expect(store().collab).toBe("live"), WAIT);
    await vi.waitFor(() => expect(documentOf(server.doc).nodes.map((n) => n.id)).toEqual(["blur-1", added]), WAIT);
    expect(store().nodes[0].data).toMatchObject({ params: { radius: 2 } });
    // the server confirmed it stored them (its answer to a sync request sent after them)
    await vi.waitFor(() => expect(useCollabInfo.getState()).toMatchObject({ unsynced: false, unacked: false }), WAIT);
    expect(screen.queryByTestId("offline-banner")).toBeNull();
  });

  it("tells, on return, which value was kept where both sides changed one setting, and puts the other back", async () => {
    await radiusNineApart("radius", 2);
    const notice = await screen.findByTestId("notice", {}, WAIT);
    // Yjs keeps one of the two by its writers' ids: either may win, and the notice says which
    const kept = documentOf(store().graphDoc()).nodes[0].params?.radius;
    expect(notice).toHaveTextContent(kept === 2
      ? "While you were offline, someone also changed Blur's Radius: theirs (2) is kept, yours was 9."
      : "While you were offline, someone also changed Blur's Radius: yours (9) is kept, theirs was 2.");
    const action = screen.getByTestId("notice-action");
    expect(action).toHaveTextContent(kept === 2 ? "Use mine" : "Use theirs");
    act(() => action.click());
    expect(store().nodes[0].data).toMatchObject({ params: { radius: kept === 2 ? 9 : 2 } });
    await vi.waitFor(() => expect(documentOf(server.doc).nodes[0].params?.radius).toBe(kept === 2 ? 9 : 2), WAIT);
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("tells, on return, of a node changed here that someone deleted meanwhile, and puts it back as it was here",
    async () => {
      await live();
      render(<MemoryRouter><NoticeToast /></MemoryRouter>);
      let below = "";
      act(() => { below = store().addNode("tool.invert", { x: 300, y: 0 }) ?? ""; });
      act(() => { store().connectPorts({ source: "blur-1", sourceHandle: "image", target: below, targetHandle: "image" }); });
      await vi.waitFor(() => expect(documentOf(server.doc).edges).toHaveLength(1), WAIT);
      server.state.down = true;
      server.drop();
      await vi.waitFor(() => expect(store().collab).toBe("offline"), WAIT);
      act(() => store().updateParams("blur-1", { radius: 9 }));
      server.doc.transact(() => {
        const r = roots(server.doc);
        r.nodes.delete("blur-1");
        for (const id of [...r.edges.keys()]) r.edges.delete(id);
      }, "someone");
      server.state.down = false;
      await vi.waitFor(() => expect(store().collab).toBe("live"), WAIT);
      const notice = await screen.findByTestId("notice", {}, WAIT);
      expect(notice).toHaveTextContent("Someone deleted Blur while you were offline: your changes to it were not kept.");
      expect(store().nodes.map((n) => n.id)).toEqual([below]);
      act(() => screen.getByTestId("notice-action").click());
      const back = store().nodes.find((n) => n.id !== below)!;
      expect(back.data).toMatchObject({ nodeType: "tool.blur", params: { radius: 9 } });
      expect(store().edges).toMatchObject([{ source: back.id, target: below }]);  // connected again, too
      await vi.waitFor(() => expect(documentOf(server.doc).edges).toMatchObject([{ source: back.id, target: below }]),
        WAIT);
    });

  it("tells, live, of a node changed here that someone deletes, and puts it back as one undoable change", async () => {
    await live();
    render(<MemoryRouter><NoticeToast /></MemoryRouter>);
    let below = "";
    act(() => { below = store().addNode("tool.invert", { x: 300, y: 0 }) ?? ""; });
    act(() => {
      store().connectPorts({ source: "blur-1", sourceHandle: "image", target: below, targetHandle: "image" });
    });
    act(() => store().updateParams("blur-1", { radius: 9 }));
    await vi.waitFor(() => expect(documentOf(server.doc).nodes[0].params?.radius).toBe(9), WAIT);
    server.doc.transact(() => {
      const r = roots(server.doc);
      for (const id of [...r.edges.keys()]) r.edges.delete(id);
    }, "someone");
    server.doc.transact(() => roots(server.doc).nodes.delete("blur-1"), "someone");
    const notice = await screen.findByTestId("notice", {}, WAIT);
    expect(notice).toHaveTextContent("Someone deleted “Blur”, which you changed.");
    expect(store().nodes.map((n) => n.id)).toEqual([below]);
    act(() => screen.getByTestId("notice-action").click());
    expect(store().nodes.find((n) => n.id === "blur-1")?.data).toMatchObject({ params: { radius: 9 } });
    expect(store().edges).toMatchObject([{ source: "blur-1", target: below }]);
    await vi.waitFor(() => expect(documentOf(server.doc).edges).toMatchObject([{ source: "blur-1", target: below }]),
      WAIT);
    act(() => store().undo());  // one step takes it all away again
    expect(store().nodes.map((n) => n.id)).toEqual([below]);
    expect(store().edges).toEqual([]);
  });

  it("says nothing on return when the edits made apart touched different settings", async () => {
    await radiusNineApart("angle", 30);
    await vi.waitFor(() => expect(store().nodes[0].data).toMatchObject({ params: { radius: 9, angle: 30 } }), WAIT);
    expect(screen.queryByTestId("notice")).toBeNull();
  });

  it("stops for good, saying why, when the server refuses it", async () => {
    await live();
    server.drop(4403);
    await vi.waitFor(() => expect(store().collab).toBe("closed"), WAIT);
    expect(useCollabInfo.getState().closedReason).toBe("You no longer have access to this project");
    expect(store().addNode("tool.invert", { x: 0, y: 0 })).toBeNull();
  });

  it("goes to sign in when its sign-in ends, keeping the edits the studio did not store and saying so", async () => {
    useSession.setState({ state: { status: "signed-in", me: { id: ME.id, email: "ada@example.com", name: "Ada",
      role: "user", credits: 100, analytics_opt_out: false, mode: "accounts", csrf_token: "csrf" } } });
    const keeping = renderHook(() => useKeepDraft());
    try {
      await live();
      act(() => store().updateParams("blur-1", { radius: 9 }));  // not yet confirmed stored
      server.drop(4401);  // signed out in another tab: the studio ends the link at once
      await vi.waitFor(() => expect(useSession.getState().state.status).toBe("signed-out"), WAIT);
      expect(useSession.getState().state).toMatchObject({ reason:
        "You were signed out. Sign in again to go on: your unsaved changes are kept and saved then." });
      expect(readDraft()).toMatchObject({ userId: ME.id, workflowId: "w1", version: 1,
        document: { nodes: [{ id: "blur-1", params: { radius: 9 } }] } });
    } finally {
      keeping.unmount();
      forgetDraft();
      useSession.setState({ state: { status: "idle" } });
    }
  });

  it("says what a change of access made of this user, asking the studio", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(JSON.stringify({ id: "w1", title: "Fox",
      version: 1, access: "viewer", document: { schema_version: 1, nodes: [], edges: [] } })))));
    try {
      await live();
      server.drop(4409);
      await vi.waitFor(() => expect(useCollabInfo.getState().closedReason)
        .toBe("You can now only view this project"), WAIT);
      expect(useCollabInfo.getState().reopenable).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("shows who else is there: their cursor and the nodes they selected, in their colour", async () => {
    await live();
    const other = new WebsocketProvider(`${server.url}/api/v1/collab`, "w1", new Y.Doc(),
      { WebSocketPolyfill: WS, disableBc: true });
    other.awareness.setLocalState({ user: { id: "u2", name: "Grace", color: "#0284c7" }, cursor: { x: 40, y: 50 },
      selection: ["blur-1"] });
    try {
      await vi.waitFor(() => expect(useCollabInfo.getState().peers.map((p) => p.user.name)).toEqual(["Grace"]),
        WAIT);
      render(
        <ReactFlowProvider>
          <div style={{ width: 800, height: 600 }}>
            <ReactFlow nodes={store().nodes} edges={[]}><CollabOverlay /></ReactFlow>
          </div>
        </ReactFlowProvider>);
      const cursor = screen.getByTestId("remote-cursor");
      expect(cursor).toHaveAttribute("data-user-name", "Grace");
      expect(cursor).toHaveTextContent("Grace");
      expect(cursor.style.transform).toBe("translate(40px, 50px)");  // flow to screen at zoom 1, no pan
      const outline = await screen.findByTestId("remote-selection");
      expect(outline).toHaveAttribute("data-user-name", "Grace");
      expect(outline).toHaveAttribute("data-node-id", "blur-1");
      expect(outline.style.outline).toContain("solid");
      // this page's selection reaches the others too
      act(() => store().onNodesChange([{ type: "select", id: "blur-1", selected: true }]));
      await vi.waitFor(() => expect([...other.awareness.getStates().values()]
        .some((s) => (s as { selection?: string[] }).selection?.includes("blur-1")
          && (s as { user?: { name: string } }).user?.name === "Ada")).toBe(true), WAIT);
    } finally {
      other.destroy();
    }
    await vi.waitFor(() => expect(useCollabInfo.getState().peers).toEqual([]), WAIT);
  });

  it("shows the others' pointers again as soon as the link returns, and this page's to them", async () => {
    await live();
    const other = new WebsocketProvider(`${server.url}/api/v1/collab`, "w1", new Y.Doc(),
      { WebSocketPolyfill: WS, disableBc: true });
    other.awareness.setLocalState({ user: { id: "u2", name: "Grace", color: "#0284c7" }, cursor: { x: 40, y: 50 },
      selection: ["blur-1"] });
    const seesAda = () => [...other.awareness.getStates().values()]
      .some((state) => (state as { user?: { name: string } }).user?.name === "Ada");
    try {
      await vi.waitFor(() => expect(useCollabInfo.getState().peers.map((p) => p.user.name)).toEqual(["Grace"]),
        WAIT);
      await vi.waitFor(() => expect(seesAda()).toBe(true), WAIT);
      window.dispatchEvent(new Event("offline"));
      await vi.waitFor(() => expect(store().collab).toBe("offline"), WAIT);
      expect(useCollabInfo.getState().peers).toEqual([]);
      await vi.waitFor(() => expect(seesAda()).toBe(false), WAIT);
      // back, neither page having changed anything meanwhile: each shows the other again without waiting for a move
      window.dispatchEvent(new Event("online"));
      await vi.waitFor(() => expect(store().collab).toBe("live"), WAIT);
      const soon = { timeout: 2000, interval: 20 };
      await vi.waitFor(() => expect(useCollabInfo.getState().peers).toMatchObject([
        { user: { name: "Grace" }, cursor: { x: 40, y: 50 }, selection: ["blur-1"] }]), soon);
      await vi.waitFor(() => expect(seesAda()).toBe(true), soon);
    } finally {
      other.destroy();
    }
  });

  it("calls this person's own other tab so, not by their name as if someone else were there", async () => {
    await live();
    const other = new WebsocketProvider(`${server.url}/api/v1/collab`, "w1", new Y.Doc(),
      { WebSocketPolyfill: WS, disableBc: true });
    other.awareness.setLocalState({ user: ME, cursor: { x: 40, y: 50 }, selection: [] });
    try {
      await vi.waitFor(() => expect(useCollabInfo.getState().peers.map((p) => p.user.name))
        .toEqual([ANOTHER_TAB]), WAIT);
    } finally {
      other.destroy();
    }
  });

  it("tells the others at once that this page left when it is hidden (a reload), and comes back if shown again",
    async () => {
      await live();
      const other = new WebsocketProvider(`${server.url}/api/v1/collab`, "w1", new Y.Doc(),
        { WebSocketPolyfill: WS, disableBc: true });
      const names = () => [...other.awareness.getStates().values()]
        .map((s) => (s as { user?: { name: string } }).user?.name);
      try {
        await vi.waitFor(() => expect(names()).toContain("Ada"), WAIT);
        window.dispatchEvent(new PageTransitionEvent("pagehide", { persisted: false }));
        await vi.waitFor(() => expect(names()).not.toContain("Ada"), WAIT);
        // back from the back/forward cache: there again
        window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
        await vi.waitFor(() => expect(names()).toContain("Ada"), WAIT);
      } finally {
        other.destroy();
      }
    });
});
