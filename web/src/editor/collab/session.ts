// The live session of one open workflow: its Yjs document synced with the studio over the standard y-websocket
// protocol at /api/v1/collab/{workflow_id} (the same-origin cookie signs it in), reconnecting with backoff when the
// link drops. Until the first sync the canvas shows the last saved graph (REST) and takes no edits; from then on it
// edits the live document, online or off: offline edits are kept in the document and merge when the link returns.
// Awareness shares this user's name, colour, pointer and selection with the others on the project.
//
// Close codes from the server: 4401 signed out, 4403 no access, 4404 no such project, 4409 this user's role changed
// (the client stops there; after 4409 the banner offers to open the project again).

import { toBase64 } from "lib0/buffer";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { getWorkflow } from "../../api/workflows";
import { setOfflineIdSuffix } from "../graph/ids";
import { nodeNames } from "../graph/nodeNames";
import { useEditor } from "../store/editorStore";
import { putNodesBack, tellLoss, watchDeletedChanges, withLosses, type Loss } from "./deletedChanges";
import { costsSomething, offlineCost, offlineCostWords, type Clash, type OfflineCost } from "./offlineMerge";
import { closedWords, colorOf, isPresence, useCollabInfo, type Peer, type PresenceState, type PresenceUser }
  from "./presence";
import { documentOf } from "./ydoc";

/** The longest wait between two reconnection attempts (ms); attempts start at 200 ms and double. */
export const MAX_BACKOFF_MS = 5000;

const CLOSED: Record<number, string> = {
  4401: "You were signed out: sign in again, then reopen the project to keep editing",
  4403: "You no longer have access to this project",
  4404: "This project was deleted (its owner can restore it from the Trash for 30 days)",
  4409: "Your access to this project changed",
};
/** The close codes after which opening the project again may continue the work: in the user's new role (4409), or
 * once its owner restored it from the Trash (4404). */
const ACCESS_CHANGED = 4409;
const DELETED = 4404;
const REOPENABLE: ReadonlySet<number> = new Set([ACCESS_CHANGED, DELETED]);

/** What a change of access made of this user, in words, read from the project as the studio answers it now. */
async function accessNowWords(workflowId: string): Promise<string | null> {
  try {
    const { access } = await getWorkflow(workflowId);
    if (access === "viewer" || access === "public") return "You can now only view this project";
    return "You can edit this project again: open it again to go on";
  } catch {
    return null;  // no longer readable: the first words stand (the next read says so)
  }
}

export interface SessionOptions {
  /** The server's ws(s):// origin; this page's by default. */
  url?: string;
  /** Who this user is to the others. */
  user: PresenceUser;
  /** A WebSocket implementation (tests). */
  WebSocketPolyfill?: typeof WebSocket;
}

export interface CollabSession {
  workflowId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  close(): void;
}

let current: CollabSession | null = null;

/** ws(s)://host of this page. */
export function wsBase(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}`;
}

/** How long after an edit this page asks the server to confirm it stored it (ms): a burst of edits is one ask. */
export const CONFIRM_DELAY_MS = 150;
/** y-websocket's message type of sync messages. */
const MESSAGE_SYNC = 0;

/** Whether the link is up and in sync (the server holds everything this page has written, bar what is in flight). */
const inSync = (provider: WebsocketProvider) => provider.wsconnected && provider.synced;

/** While the link is down and until the return's sync: the document as the link dropped (`base`), as it came back
 * (`mine`, null until the socket reopens), the updates the server sent on return (the others' edits meanwhile), the
 * writers of those, this page's edit count at the drop (offlineMerge), and the nodes changed here that those
 * updates deleted (deletedChanges). */
interface Apart {
  base: Uint8Array;
  mine: Uint8Array | null;
  theirs: Uint8Array[];
  writers: Set<number>;
  edits: number;
  losses: Loss[];
  /** Stops reading the socket for the others' edits. */
  stop?: () => void;
}

const docOf = (...updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
};

/** What the return from `apart` cost, now that `doc` holds both sides' edits. */
function returnCost(apart: Apart & { mine: Uint8Array }, doc: Y.Doc): OfflineCost {
  const base = documentOf(docOf(apart.base));
  return offlineCost(base, documentOf(docOf(apart.mine)), documentOf(docOf(apart.base, ...apart.theirs)),
    documentOf(doc));
}

/** Put back one side's values of `clashes` as this user's change (undoable). */
function putBack(clashes: Clash[], side: "mine" | "theirs"): void {
  const editor = useEditor.getState();
  for (const clash of clashes) {
    const value = clash[side];
    if (clash.key === "@title") editor.renameNode(clash.nodeId, typeof value === "string" ? value : "");
    else if (clash.key === "@bypass") {
      const node = editor.nodes.find((n) => n.id === clash.nodeId);
      if (node && Boolean((node.data as { bypass?: boolean }).bypass) !== Boolean(value)) {
        editor.toggleBypass([clash.nodeId]);
      }
    } else editor.updateParams(clash.nodeId, { [clash.key]: value ?? null });
  }
}

/** Tell this user what a return from offline cost (`cost`), offering to put back the values the merge dropped:
 * "Use mine" when a collaborator's were kept, else "Use theirs". `who`: the collaborators whose edits came. */
function tellCost(cost: OfflineCost, who: string[]): void {
  const editor = useEditor.getState();
  const known = nodeNames(editor.nodes, editor.specsByType);
  const message = offlineCostWords(cost, editor.specsByType, who, (id) => known.get(id) ?? null);
  const theirsKept = cost.clashes.filter((clash) => clash.kept === "theirs");
  const mineKept = cost.clashes.filter((clash) => clash.kept === "mine");
  const action = theirsKept.length ? { label: "Use mine", run: () => putBack(theirsKept, "mine") }
    : mineKept.length ? { label: "Use theirs", run: () => putBack(mineKept, "theirs") }
      : cost.deletedByThem.length ? { label: cost.deletedByThem.length === 1 ? "Put it back" : "Put them back",
        run: () => putNodesBack(cost.deletedByThem, cost.deletedEdges) } : undefined;
  editor.notify(message, "info", { sticky: true, ...(action ? { action } : {}) });
}

/** What this user's own other tab is called in what the page says ("your other tab also changed…"). */
const YOUR_OTHER_TAB = "your other tab";

/** What this user's own other tabs and windows on the project are called on the canvas. */
export const ANOTHER_TAB = "You, in another tab";

/** Open the live session of `workflowId` (closing any other). */
export function openSession(workflowId: string, options: SessionOptions): CollabSession {
  closeSession();
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${options.url ?? wsBase()}/api/v1/collab`, workflowId, doc, {
    maxBackoffTime: MAX_BACKOFF_MS,
    disableBc: true,  // two tabs are two collaborators through the server, which alone decides who may write
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
  });
  const store = () => useEditor.getState();
  let attached = false;
  useCollabInfo.setState({ peers: [], closedReason: null, reopenable: false, deleted: false, unsynced: false,
    unacked: false });
  store().setCollab("connecting");

  // "Saved" means stored on the server: the server handles a connection's messages in order and stores each
  // update before reading the next, so its answer (sync step 2) to a sync request (step 1) sent after this page's
  // edits confirms every one of them. y-websocket itself has no acknowledgement.
  let edits = 0;
  let confirmTimer: ReturnType<typeof setTimeout> | undefined;
  const askConfirmation = () => {
    clearTimeout(confirmTimer);
    confirmTimer = setTimeout(confirmStored, CONFIRM_DELAY_MS);
  };
  function confirmStored() {
    const ws = provider.ws;
    if (!ws || !provider.wsconnected || ws.readyState !== ws.OPEN) return;  // the next connection's sync asks again
    const asked = edits;
    const onMessage = (event: MessageEvent) => {
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC
        || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      ws.removeEventListener("message", onMessage);
      if (session !== current) return;
      if (edits === asked) useCollabInfo.setState({ unacked: false, unsynced: false });
      else askConfirmation();
    };
    ws.addEventListener("message", onMessage);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    ws.send(encoding.toUint8Array(encoder));
  }

  // Edits made apart merge on return; where both sides changed one setting, or one side deleted what the other
  // changed, this user is told what was kept (offlineMerge).
  let apart: Apart | null = null;
  // The others' edits as the server sends them on return (its sync answer and updates, read off the socket): the
  // document's own update events would show them merged with this page's already, not as the others made them.
  // Kept across attempts that drop again before their sync: what came on one is in the document already, so the
  // next sync answer leaves it out.
  const hearReturn = (returning: Apart) => {
    returning.mine ??= Y.encodeStateAsUpdate(doc);
    const ws = provider.ws;
    if (!ws) return;
    const onMessage = (event: MessageEvent) => {
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const kind = decoding.readVarUint(decoder);
      if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) return;
      const update = decoding.readVarUint8Array(decoder);
      returning.theirs.push(update);
      for (const client of Y.parseUpdateMeta(update).from.keys()) returning.writers.add(client);
    };
    ws.addEventListener("message", onMessage);
    returning.stop = () => ws.removeEventListener("message", onMessage);
  };
  /** Once the return's sync answer has been heard (y-websocket reports the sync before this page's own listener
   * reads the message, so a task later), tell what the merge cost. */
  const weighReturn = (returned: Apart) => {
    setTimeout(() => {
      returned.stop?.();
      if (session !== current) return;
      const merged = returned.mine && returned.theirs.length && edits !== returned.edits
        ? returnCost({ ...returned, mine: returned.mine }, doc) : null;
      const cost = withLosses(merged, returned.losses);
      if (costsSomething(cost)) tellCost(cost, namesOf(returned.writers));
    }, 0);
  };
  /** The names of the pages `clients`: this person's own other tab (every tab in local mode) is "your other tab". */
  const namesOf = (clients: Iterable<number>) => {
    const states = awareness.getStates();
    const who = [...clients].filter((id) => id !== doc.clientID)
      .map((id) => (states.get(id) as { user?: PresenceUser } | undefined)?.user)
      .map((user) => (user?.id === options.user.id ? YOUR_OTHER_TAB : user?.name))
      .filter((name): name is string => Boolean(name));
    return [...new Set(who)];
  };
  /** Who deleted what `loss` lost: a deletion names no one, so the pages that wrote in its update, else those that
   * had one of its nodes selected, else the only other page there is (else no one). */
  const deletersOf = (loss: Loss) => {
    const states = awareness.getStates();
    const others = [...states.keys()].filter((id) => id !== doc.clientID && isPresence(states.get(id)));
    const lost = new Set(loss.nodes.map((node) => node.id));
    const writing = others.filter((id) => loss.writers.has(id));
    const selecting = others.filter((id) => (states.get(id) as PresenceState).selection
      ?.some((node) => lost.has(node)));
    return namesOf(writing.length ? writing : selecting.length ? selecting : others.length === 1 ? others : []);
  };
  // A collaborator deleting a node this page changed takes the change with it: this user is told, and may put the
  // node back (on a return from offline, together with what else the merge cost).
  const unwatchDeletions = watchDeletedChanges(doc, (loss) => {
    if (session !== current) return;
    if (apart) apart.losses.push(loss);
    else tellLoss(loss, deletersOf(loss), doc);
  });
  const onSync = (synced: boolean) => {
    if (!synced || session !== current) return;
    if (!attached) {
      attached = true;
      store().attachDoc(doc);
    }
    if (apart) weighReturn(apart);
    apart = null;
    store().setCollab("live");
    if (useCollabInfo.getState().unacked) askConfirmation();  // edits made while apart: confirmed once stored
  };
  const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
    if (!attached || session !== current || store().collab === "closed") return;
    // connected: the socket is open and syncing; otherwise the link is down and attempts go on
    if (status === "connected") {
      if (apart) hearReturn(apart);
      store().setCollab("reconnecting");
    } else {
      apart ??= { base: Y.encodeStateAsUpdate(doc), mine: null, theirs: [], writers: new Set(), edits, losses: [] };
      store().setCollab("offline");
    }
  };
  // new nodes made while not in sync get ids no collaborator's can take meanwhile
  const offlineIds = useEditor.subscribe((state, previous) => {
    if (state.collab === previous.collab) return;
    const apart = state.collab === "offline" || state.collab === "reconnecting" || state.collab === "closed";
    setOfflineIdSuffix(apart ? `-${(doc.clientID % 46656).toString(36)}` : "");
  });
  const onClosed = (event: { code: number }) => {
    if (session !== current) return;
    useCollabInfo.setState({ closedReason: closedWords(CLOSED[event.code] ?? null),
      reopenable: REOPENABLE.has(event.code), deleted: event.code === DELETED });
    store().setCollab("closed");
    if (event.code === ACCESS_CHANGED) {
      void accessNowWords(session.workflowId).then((words) => {
        if (words && session === current) useCollabInfo.setState({ closedReason: words });
      });
    }
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;  // a collaborator's edit, from the server
    edits += 1;
    if (!useCollabInfo.getState().unacked) useCollabInfo.setState({ unacked: true });
    if (!inSync(provider) && !useCollabInfo.getState().unsynced) useCollabInfo.setState({ unsynced: true });
    if (inSync(provider)) askConfirmation();
  };
  // The browser knows first when the network goes: an open socket can take a long while to notice.
  const onOffline = () => provider.disconnect();
  const onOnline = () => { if (store().collab !== "closed") provider.connect(); };
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  provider.on("sync", onSync);
  provider.on("status", onStatus);
  provider.on("closed", onClosed);
  doc.on("update", onUpdate);

  const awareness = provider.awareness;
  awareness.setLocalState({ user: options.user, cursor: null, selection: [] });
  const onAwareness = () => {
    const peers: Peer[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === doc.clientID || !isPresence(state)) return;
      // the same person in another tab or window (in local mode, every tab): not someone else
      const user = state.user.id === options.user.id ? { ...state.user, name: ANOTHER_TAB } : state.user;
      peers.push({ ...state, user, clientId });
    });
    useCollabInfo.setState({ peers });
  };
  awareness.on("change", onAwareness);
  // A page going away (reload, closed tab, another address) tells the others at once that it left; y-websocket does
  // so only under Node. The server also says so when the connection closes, for a page that could not. A page kept
  // in the back/forward cache and shown again comes back.
  let hidden: ReturnType<typeof awareness.getLocalState> = null;
  const onPageHide = () => {
    hidden = awareness.getLocalState();
    awareness.setLocalState(null);
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && hidden !== null && awareness.getLocalState() === null) awareness.setLocalState(hidden);
    hidden = null;
  };
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);
  let shownSelection = "";
  const unsubscribe = useEditor.subscribe((state, previous) => {
    if (state.nodes === previous.nodes) return;
    const selection = state.nodes.filter((node) => node.selected).map((node) => node.id);
    const key = selection.join("\n");
    if (key === shownSelection) return;
    shownSelection = key;
    awareness.setLocalStateField("selection", selection);
  });

  const session: CollabSession = {
    workflowId,
    doc,
    provider,
    close() {
      clearTimeout(confirmTimer);
      apart?.stop?.();
      unwatchDeletions();
      unsubscribe();
      offlineIds();
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      setOfflineIdSuffix("");
      awareness.off("change", onAwareness);
      provider.off("sync", onSync);
      provider.off("status", onStatus);
      provider.off("closed", onClosed);
      doc.off("update", onUpdate);
      provider.destroy();  // tells the others this user left
      if (current === session) {
        current = null;
        useCollabInfo.setState({ peers: [], closedReason: null, reopenable: false, deleted: false, unsynced: false,
    unacked: false });
      }
    },
  };
  current = session;
  return session;
}

/** Close the open session, if any (the editor is leaving the project). */
export function closeSession(): void {
  current?.close();
}


/** This page's document state (base64 `Y.encodeStateVector`) when the link is up and in sync, for a run to wait
 * until the server holds all of it; null otherwise (offline, the run carries the document instead). */
export function stateVector(): string | null {
  if (!current || !inSync(current.provider) || useEditor.getState().graphDoc() !== current.doc) return null;
  return toBase64(Y.encodeStateVector(current.doc));
}

/** Whether edits have not been confirmed stored by the server yet (leaving now could lose them). */
export const hasUnsyncedEdits = (): boolean => useCollabInfo.getState().unsynced || useCollabInfo.getState().unacked;

/** Make the graph `document` as one undoable change of this user's, merged with collaborators' edits like any
 * other (the versions panel's "restore"); refused on a project this user may only look at. */
export function replaceGraph(document: WorkflowDocument): void {
  useEditor.getState().replaceGraph(document);
}

/** How often this user's pointer is shared with collaborators, at most (ms). */
export const CURSOR_MS = 50;
const cursorShare = { at: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined };

/** Share this user's pointer (flow coordinates), or null when it left the canvas; at most every CURSOR_MS, the
 * latest position last. */
export function shareCursor(cursor: { x: number; y: number } | null): void {
  clearTimeout(cursorShare.timer);
  const share = () => {
    cursorShare.at = Date.now();
    current?.provider.awareness.setLocalStateField("cursor", cursor);
  };
  const wait = cursor === null ? 0 : cursorShare.at + CURSOR_MS - Date.now();
  if (wait <= 0) share();
  else cursorShare.timer = setTimeout(share, wait);
}

/** Who this page is to the others: the signed-in user (local mode: its owner, or "You"), or a guest. */
export function presenceUser(me: { id: string; name: string } | null, clientId: number): PresenceUser {
  const id = me?.id ?? `guest-${clientId}`;
  const name = me ? me.name.trim() || "You" : "Guest";
  return { id, name, color: colorOf(id) };
}
