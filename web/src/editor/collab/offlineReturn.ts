// A live session's time apart (the link down, until the return's sync): edits made apart merge on return, and where
// both sides changed one setting, or one side deleted what the other changed, this user is told what was kept and
// may put the other back (offlineMerge, deletedChanges).

import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { nodeNames } from "../graph/nodeNames";
import { useEditor } from "../store/editorStore";
import { putNodesBack, withLosses, type Frames, type Loss } from "./deletedChanges";
import { recordWriters } from "./deletions";
import { costsSomething, offlineCost, offlineCostWords, type Clash, type OfflineCost } from "./offlineMerge";
import type { Peers } from "./peers";
import { MESSAGE_SYNC } from "./storedEdits";
import { documentOf } from "./ydoc";

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

/** Where the frames were as the link dropped (the nodes lost may have been in frames deleted meanwhile), and where
 * this page last saw the frames of the nodes `losses` lost live. */
function framesOf(apart: Apart): Frames {
  const frames: Frames = {};
  for (const group of documentOf(docOf(apart.base)).groups ?? []) {
    frames[group.id] = { x: group.position.x ?? 0, y: group.position.y ?? 0 };
  }
  for (const loss of apart.losses) Object.assign(frames, loss.frames);
  return frames;
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
function tellCost(cost: OfflineCost, who: string[], frames: Frames): void {
  const editor = useEditor.getState();
  const known = nodeNames(editor.nodes, editor.specsByType);
  const message = offlineCostWords(cost, editor.specsByType, who, (id) => known.get(id) ?? null);
  const theirsKept = cost.clashes.filter((clash) => clash.kept === "theirs");
  const mineKept = cost.clashes.filter((clash) => clash.kept === "mine");
  const action = theirsKept.length ? { label: "Use mine", run: () => putBack(theirsKept, "mine") }
    : mineKept.length ? { label: "Use theirs", run: () => putBack(mineKept, "theirs") }
      : cost.deletedByThem.length ? { label: cost.deletedByThem.length === 1 ? "Put it back" : "Put them back",
        run: () => putNodesBack(cost.deletedByThem, cost.deletedEdges, frames) } : undefined;
  editor.notify(message, "info", { sticky: true, ...(action ? { action } : {}) });
}

export interface TimeApart {
  /** The link dropped (again): from now on edits are apart, counted from `edits`. */
  dropped(edits: number): void;
  /** The socket is open again: the server's sync answer and updates are the others' edits meanwhile. */
  reopened(): void;
  /** The return's sync is done: tell what the merge cost, now that this page has made `edits` in all. */
  synced(edits: () => number): void;
  /** Keep `loss` to tell with the rest on return; false when the link is up (tell it now). */
  keep(loss: Loss): boolean;
  stop(): void;
}

/** The names of the people whose edits came while apart (`writers`, the Yjs clients that wrote them): as their pages'
 * awareness says, or said while this page saw them; else as a record of theirs in `doc` names them (a page away
 * all along that deleted or put back a node, the server restoring a version). */
export function writerNames(writers: Iterable<number>, doc: Y.Doc, peers: Pick<Peers, "personOf" | "named">):
  string[] {
  const recorded = recordWriters(doc);
  const people = [...writers].flatMap((client) => {
    const person = peers.personOf(client) ?? recorded.get(client);
    return person?.name ? [person] : [];
  });
  return peers.named(people);
}

/** Follow the times `doc` is apart from the server through `provider`; `peers` names the pages that wrote. */
export function followTimeApart(doc: Y.Doc, provider: WebsocketProvider, peers: Pick<Peers, "personOf" | "named">,
  isCurrent: () => boolean): TimeApart {
  let apart: Apart | null = null;
  return {
    dropped(edits) {
      apart ??= { base: Y.encodeStateAsUpdate(doc), mine: null, theirs: [], writers: new Set(), edits, losses: [] };
    },
    // The others' edits as the server sends them on return (its sync answer and updates, read off the socket): the
    // document's own update events would show them merged with this page's already, not as the others made them.
    // Kept across attempts that drop again before their sync: what came on one is in the document already, so the
    // next sync answer leaves it out.
    reopened() {
      const returning = apart;
      if (!returning) return;
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
    },
    // y-websocket reports the sync before this page's own listener reads the message: weighed a task later
    synced(edits) {
      const returned = apart;
      apart = null;
      if (!returned) return;
      setTimeout(() => {
        returned.stop?.();
        if (!isCurrent()) return;
        const merged = returned.mine && returned.theirs.length && edits() !== returned.edits
          ? returnCost({ ...returned, mine: returned.mine }, doc) : null;
        const cost = withLosses(merged, returned.losses);
        if (costsSomething(cost)) tellCost(cost, writerNames(returned.writers, doc, peers), framesOf(returned));
      }, 0);
    },
    keep(loss) {
      apart?.losses.push(loss);
      return apart !== null;
    },
    stop() {
      apart?.stop?.();
    },
  };
}
