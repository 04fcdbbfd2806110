// The live session of one open workflow: its Yjs document synced with the studio over the standard y-websocket
// protocol at /api/v1/collab/{workflow_id} (the same-origin cookie signs it in), reconnecting with backoff when the
// link drops. Until the first sync the canvas shows the last saved graph (REST) and takes no edits; from then on it
// edits the live document, online or off: offline edits are kept in the document and merge when the link returns.
// Awareness shares this user's name, colour, pointer and selection with the others on the project.
//
// Close codes from the server: 4401 signed out, 4403 no access, 4404 no such project, 4409 this user's role changed
// (the client stops there; after 4409 the banner offers to open the project again). 4401 also comes to an open link
// the moment its sign-in ends (signed out in another tab, the password changed elsewhere): the page then goes the way
// of any 401, keeping what the studio does not hold yet and saving it once its user signs in again (app/draft.ts).

import { toBase64 } from "lib0/buffer";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { getWorkflow } from "../../api/workflows";
import { signInEnded } from "../../app/session";
import { pageIdSuffix, setOfflineIdSuffix } from "../graph/ids";
import { useEditor } from "../store/editorStore";
import { tellLoss, tellPutBack, watchDeletedChanges } from "./deletedChanges";
import { setAuthor, watchPutBacks } from "./deletions";
import { followTimeApart } from "./offlineReturn";
import { sharePresence } from "./peers";
import { placeOnOpen } from "./placeUnplaced";
import { keepSelected, watchSameId } from "./sameId";
import { shownBy, watchSameSpot } from "./sameSpot";
import { closedWords, colorOf, useCollabInfo, type PresenceUser } from "./presence";
import { inSync, trackStoredEdits } from "./storedEdits";

export { ANOTHER_TAB } from "./peers";

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
const NO_ACCESS = 4403;
const SIGNED_OUT = 4401;
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

const CLEAR_INFO = { peers: [], closedReason: null, reopenable: false, deleted: false, removed: false, unsynced: false,
  unacked: false };

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
  const isCurrent = () => session === current;
  let attached = false;
  let unwatchSameSpot = () => {};
  let unwatchSameId = () => {};
  useCollabInfo.setState(CLEAR_INFO);
  store().setCollab("connecting");
  // this page's deletions and put-backs are recorded as this person's (deletions.ts)
  setAuthor(doc, { id: options.user.id, name: options.user.name });

  const stored = trackStoredEdits(doc, provider, isCurrent);
  const peers = sharePresence(doc, provider, options.user);
  const apart = followTimeApart(doc, provider, peers, isCurrent);
  // A collaborator deleting a node this page changed takes the change with it: this user is told, and may put the
  // node back (on a return from offline, together with what else the merge cost). The one who deleted it is told
  // who put it back.
  const unwatchDeletions = watchDeletedChanges(doc, (loss) => {
    if (isCurrent() && !apart.keep(loss)) tellLoss(loss, peers.deletersOf(loss), doc);
  });
  const unwatchPutBacks = watchPutBacks(doc, (ids, by) => {
    if (isCurrent()) tellPutBack(ids, peers.named(by), doc);
  });
  const onSync = (synced: boolean) => {
    if (!synced || !isCurrent()) return;
    if (!attached) {
      attached = true;
      store().attachDoc(doc);
      placeOnOpen(doc, useEditor);  // nodes saved without a position (a project made through the API) laid out
      unwatchSameSpot = watchSameSpot(doc, shownBy(useEditor));  // two nodes added at once on one spot: one moves
      unwatchSameId = watchSameId(doc, keepSelected(useEditor));  // ... or under one id: both are kept
    }
    apart.synced(stored.count);
    store().setCollab("live");
    if (useCollabInfo.getState().unacked) stored.ask();  // edits made while apart: confirmed once stored
  };
  const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
    if (!attached || !isCurrent() || store().collab === "closed") return;
    // connected: the socket is open and syncing; otherwise the link is down and attempts go on
    if (status === "connected") {
      apart.reopened();
      store().setCollab("reconnecting");
    } else {
      apart.dropped(stored.count());
      store().setCollab("offline");
    }
  };
  // new nodes made while not in sync get ids no collaborator's can take meanwhile
  const offlineIds = useEditor.subscribe((state, previous) => {
    if (state.collab === previous.collab) return;
    const away = state.collab === "offline" || state.collab === "reconnecting" || state.collab === "closed";
    setOfflineIdSuffix(away ? pageIdSuffix(doc.clientID) : "");
  });
  const onClosed = (event: { code: number }) => {
    if (!isCurrent()) return;
    useCollabInfo.setState({ closedReason: closedWords(CLOSED[event.code] ?? null),
      reopenable: REOPENABLE.has(event.code), deleted: event.code === DELETED, removed: event.code === NO_ACCESS });
    store().setCollab("closed");
    if (event.code === SIGNED_OUT) signInEnded();
    if (event.code === ACCESS_CHANGED) {
      void accessNowWords(session.workflowId).then((words) => {
        if (words && isCurrent()) useCollabInfo.setState({ closedReason: words });
      });
    }
  };
  // The browser knows first when the network goes: an open socket can take a long while to notice.
  const onOffline = () => provider.disconnect();
  const onOnline = () => { if (store().collab !== "closed") provider.connect(); };
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  provider.on("sync", onSync);
  provider.on("status", onStatus);
  provider.on("closed", onClosed);

  const session: CollabSession = {
    workflowId,
    doc,
    provider,
    close() {
      stored.stop();
      apart.stop();
      unwatchDeletions();
      unwatchPutBacks();
      unwatchSameSpot();
      unwatchSameId();
      peers.stop();
      offlineIds();
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      setOfflineIdSuffix("");
      provider.off("sync", onSync);
      provider.off("status", onStatus);
      provider.off("closed", onClosed);
      setAuthor(doc, null);
      provider.destroy();  // tells the others this user left
      if (current === session) {
        current = null;
        useCollabInfo.setState(CLEAR_INFO);
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
