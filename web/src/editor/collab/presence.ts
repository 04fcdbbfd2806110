// Who else is on the project and what they point at (y-websocket awareness), and how the live link stands beyond
// its status: why the server ended it, and whether edits made offline still wait to reach it. A store of its own,
// so a collaborator's cursor moving re-renders the overlay, never the editor.

import { create } from "zustand";

export interface PresenceUser {
  id: string;
  name: string;
  /** A CSS colour, the same for one user everywhere (from their id). */
  color: string;
}

/** What each page shares in its awareness state. */
export interface PresenceState {
  user: PresenceUser;
  /** The pointer in flow coordinates (the canvas's own, whatever the viewer's zoom); null off the canvas. */
  cursor: { x: number; y: number } | null;
  /** The ids of the nodes selected there. */
  selection: string[];
}

export interface Peer extends PresenceState {
  /** The page's Yjs client id (two tabs of one user are two peers). */
  clientId: number;
}

interface CollabInfo {
  peers: Peer[];
  /** Why the server ended the link for good (4401, 4403, 4404, 4409), in words; null while it stands. */
  closedReason: string | null;
  /** Whether opening the project again continues the work (4409: this user's role on it changed; 4404 once the
   * project is restored). */
  reopenable?: boolean;
  /** Whether the link ended because the project was deleted (4404): in its owner's Trash, restorable. */
  deleted?: boolean;
  /** Whether the link ended because this user may no longer read the project (4403: taken off its share, or it was
   * made private). */
  removed?: boolean;
  /** Edits made while not in sync, not yet known to have reached the server. */
  unsynced: boolean;
  /** Edits sent that the server has not yet confirmed stored (it answers a sync request only after storing
   * everything sent before it). */
  unacked: boolean;
}

/** Why the live link ended, in words (`closedReason`, else a general sentence). */
export const closedWords = (reason: string | null): string => reason ?? "The live link to this project was closed";

/** What Run says once the live link ended for good: nothing here can be run until the project is opened again. */
export const closedRunWords = (reason: string | null): string => `${closedWords(reason)}: it can't be run from here`;

export const useCollabInfo = create<CollabInfo>()(() => ({ peers: [], closedReason: null, unsynced: false,
  unacked: false }));

const COLORS = ["#e11d48", "#db2777", "#9333ea", "#4f46e5", "#0284c7", "#0d9488", "#16a34a", "#ca8a04", "#ea580c",
  "#dc2626"];

/** A user's colour: a hash of their id picks one of ten that read well on light and dark canvases. */
export function colorOf(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i += 1) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length];
}

/** Whether an awareness state is one this editor shares (other clients may share other things). */
export function isPresence(state: unknown): state is PresenceState {
  const user = (state as Partial<PresenceState> | null)?.user;
  return typeof user?.id === "string" && typeof user.name === "string" && typeof user.color === "string";
}
