// A return from offline names who made the edits that came meanwhile: a collaborator this page saw before the link
// dropped, though the link's return does not bring their presence back at once; one it never saw (away all along,
// or the server restoring a version), by the record of theirs their deletion left in the document. The socket is a
// stand-in carrying the server's answer on return, as y-websocket's would.
import * as encoding from "lib0/encoding";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { WorkflowDocument } from "../../api/types";
import { SPECS } from "../../test/specs";
import { resetEditor, useEditor } from "../store/editorStore";
import { deletionsOf, type Person } from "./deletions";
import { followTimeApart } from "./offlineReturn";
import { sharePresence, type Peers } from "./peers";
import { MESSAGE_SYNC } from "./storedEdits";
import { roots } from "./ydoc";

const SAVED: WorkflowDocument = { schema_version: 1, nodes: [
  { id: "blur-1", type: "tool.blur", params: { radius: 4 }, position: { x: 0, y: 0 } },
], edges: [] };
const ME = { id: "u-ada", name: "Ada", color: "#e11d48" };
const ANA = { id: "u-ana", name: "Ana", color: "#0284c7" };
const BEN: Person = { id: "u-ben", name: "Ben" };
const store = () => useEditor.getState();

let doc: Y.Doc;
let provider: { awareness: awarenessProtocol.Awareness; ws: EventTarget | null; on(): void; off(): void };
let peers: Peers;

beforeEach(() => {
  resetEditor();
  store().setSpecs(SPECS);
  store().loadDocument(SAVED);
  doc = store().graphDoc();
  provider = { awareness: new awarenessProtocol.Awareness(doc), ws: null, on() {}, off() {} };  // no link events
  peers = sharePresence(doc, provider as unknown as WebsocketProvider, ME);
});

afterEach(() => peers.stop());

/** A collaborator's page, holding what this page holds now. */
function pageOf(): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

/** The link drops, this page sets Blur's radius to 9, `meanwhile` runs (the others' edits), and the link returns:
 * the server sends what this page lacks, and the return's sync is done. The notice this page then shows. */
async function apart(others: Y.Doc[], meanwhile: () => void): Promise<string> {
  const time = followTimeApart(doc, provider as unknown as WebsocketProvider, peers, () => true);
  time.dropped(0);
  // y-websocket forgets the others' presence as the link drops
  const everyone = [...provider.awareness.getStates().keys()].filter((client) => client !== doc.clientID);
  awarenessProtocol.removeAwarenessStates(provider.awareness, everyone, provider);
  store().updateParams("blur-1", { radius: 9 });
  meanwhile();
  provider.ws = new EventTarget();
  time.reopened();
  for (const other of others) {
    const update = Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
    provider.ws.dispatchEvent(new MessageEvent("message", { data: encoding.toUint8Array(encoder).buffer }));
    Y.applyUpdate(doc, update, provider);
  }
  time.synced(() => 1);
  await vi.waitFor(() => expect(store().notice).not.toBeNull());
  return store().notice!.message;
}

describe("the return from offline", () => {
  it("names a collaborator this page saw before the link dropped, though their presence is not back yet", async () => {
    const ana = pageOf();
    const presence = new awarenessProtocol.Awareness(ana);
    presence.setLocalState({ user: ANA, cursor: null, selection: [] });
    awarenessProtocol.applyAwarenessUpdate(provider.awareness,
      awarenessProtocol.encodeAwarenessUpdate(presence, [ana.clientID]), "server");
    const message = await apart([ana], () => {
      (roots(ana).nodes.get("blur-1")!.get("params") as Y.Map<unknown>).set("radius", 2);
    });
    expect(message).toMatch(/^While you were offline, Ana also changed Blur's Radius: /);
    presence.destroy();
  });

  it("names one it never saw by the record their deletion left", async () => {
    const ben = pageOf();
    const message = await apart([ben], () => {
      ben.transact(() => {
        roots(ben).nodes.delete("blur-1");
        deletionsOf(ben).set("blur-1", { by: BEN, at: Date.now() });
      });
    });
    expect(message).toBe("Ben deleted Blur while you were offline: your changes to it were not kept.");
  });

  it("says someone for a writer nothing names", async () => {
    const stranger = pageOf();
    const message = await apart([stranger], () => roots(stranger).nodes.delete("blur-1"));
    expect(message).toBe("Someone deleted Blur while you were offline: your changes to it were not kept.");
  });
});
