// How the work stands, always visible in the toolbar: the live link to the project's document (connecting, live,
// offline with edits kept, reconnecting, closed) and the title's save. `data-state` of the outer element keeps the
// save vocabulary ("saved" once everything is on the server); the inner one names the link.

import { useCollabInfo } from "../collab/presence";
import { useEditor } from "../store/editorStore";
import type { CollabStatus, SaveState } from "../types";

const SAVE_LABEL: Record<SaveState, string> = {
  loading: "Loading…", saved: "Saved", dirty: "Unsaved title", saving: "Saving…", offline: "Offline — will retry",
  error: "Title not saved",
};
const DOT: Record<SaveState, string> = {
  loading: "bg-zinc-300", saved: "bg-emerald-500", dirty: "bg-amber-400", saving: "bg-indigo-500 animate-pulse",
  offline: "bg-zinc-400", error: "bg-red-500",
};
const LINK_LABEL: Record<Exclude<CollabStatus, "local" | "live">, string> = {
  connecting: "Connecting…",
  offline: "Offline — changes kept",  // the banner over the canvas says the rest
  reconnecting: "Reconnecting…",
  closed: "Not saving",  // the banner says why (deleted, access changed) and what to do
};
const LINK_STATE: Record<Exclude<CollabStatus, "local" | "live">, SaveState> = {
  connecting: "loading", offline: "offline", reconnecting: "offline", closed: "error",
};

export function SaveIndicator() {
  const saveState = useEditor((s) => s.saveState);
  const collab = useEditor((s) => s.collab);
  const others = useCollabInfo((s) => s.peers.length);
  const closedReason = useCollabInfo((s) => s.closedReason);
  const unacked = useCollabInfo((s) => s.unacked);
  // taken off the project: nothing here is saving or could be; the banner over the canvas says what happened
  const removed = useCollabInfo((s) => s.removed === true);
  const linked = collab === "local" || collab === "live";
  // live: "Saved" only once the server confirmed it stored every edit of this page
  const state: SaveState = !linked ? LINK_STATE[collab]
    : collab === "live" && unacked && saveState === "saved" ? "saving" : saveState;
  const label = !linked ? LINK_LABEL[collab]
    : collab === "live" && state === "saved" && others > 0 ? "Live" : SAVE_LABEL[state];
  if (collab === "closed" && removed) return null;
  return (
    <span data-testid="save-state" data-state={state} role="status" aria-live="polite"
      title={collab === "closed" ? closedReason ?? label : label}
      className="flex shrink-0 items-center gap-1.5 whitespace-nowrap text-xs text-zinc-500">
      <span className={`h-1.5 w-1.5 shrink-0 rounded-full ${collab === "live" && others > 0 && state === "saved"
        ? "bg-emerald-500 animate-pulse" : DOT[state]}`} />
      {/* on a phone the dot alone (its words on hover and for screen readers): the title needs the room */}
      <span data-testid="connection-status" data-state={collab} className="truncate max-sm:sr-only">{label}</span>
    </span>
  );
}
