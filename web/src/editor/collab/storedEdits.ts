// Whether the server holds this page's edits ("Saved" means stored there). The server handles a connection's
// messages in order and stores each update before reading the next, so its answer (sync step 2) to a sync request
// (step 1) sent after this page's edits confirms every one of them; y-websocket itself has no acknowledgement.

import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { useCollabInfo } from "./presence";

/** How long after an edit this page asks the server to confirm it stored it (ms): a burst of edits is one ask. */
export const CONFIRM_DELAY_MS = 150;
/** y-websocket's message type of sync messages. */
export const MESSAGE_SYNC = 0;

/** Whether the link is up and in sync (the server holds everything this page has written, bar what is in flight). */
export const inSync = (provider: WebsocketProvider) => provider.wsconnected && provider.synced;

export interface StoredEdits {
  /** How many edits this page has made so far. */
  count(): number;
  /** Ask the server, soon, to confirm it stored every edit so far. */
  ask(): void;
  stop(): void;
}

/** Count this page's edits of `doc` and mark them unconfirmed (`useCollabInfo`: unacked, and unsynced while the
 * link is not in sync) until the server confirms it stored them. `isCurrent`: whether the session is still open. */
export function trackStoredEdits(doc: Y.Doc, provider: WebsocketProvider, isCurrent: () => boolean): StoredEdits {
  let edits = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ask = () => {
    clearTimeout(timer);
    timer = setTimeout(confirmStored, CONFIRM_DELAY_MS);
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
      if (!isCurrent()) return;
      if (edits === asked) useCollabInfo.setState({ unacked: false, unsynced: false });
      else ask();
    };
    ws.addEventListener("message", onMessage);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    ws.send(encoding.toUint8Array(encoder));
  }
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;  // a collaborator's edit, from the server
    edits += 1;
    if (!useCollabInfo.getState().unacked) useCollabInfo.setState({ unacked: true });
    if (!inSync(provider) && !useCollabInfo.getState().unsynced) useCollabInfo.setState({ unsynced: true });
    if (inSync(provider)) ask();
  };
  doc.on("update", onUpdate);
  return {
    count: () => edits,
    ask,
    stop() {
      clearTimeout(timer);
      doc.off("update", onUpdate);
    },
  };
}
