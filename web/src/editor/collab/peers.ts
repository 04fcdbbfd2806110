// The others on the project through awareness: this page shares its person, pointer and selection; the others'
// states become the peers the canvas draws (useCollabInfo); and pages are named in what this page says ("Ada deleted
// …"), this person's own other tabs as such.

import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { useEditor } from "../store/editorStore";
import type { Loss } from "./deletedChanges";
import type { Person } from "./deletions";
import { isPresence, useCollabInfo, type Peer, type PresenceState, type PresenceUser } from "./presence";

/** What this user's own other tab is called in what the page says ("your other tab also changed…"). */
const YOUR_OTHER_TAB = "your other tab";

/** What this user's own other tabs and windows on the project are called on the canvas. */
export const ANOTHER_TAB = "You, in another tab";

export interface Peers {
  /** Who the page `client` is: as its awareness says now, else as it last said while this page saw it (a page away
   * meanwhile, or gone); undefined for this page and for one never seen. */
  personOf(client: number): PresenceUser | undefined;
  /** The names of the pages `clients`, once each. */
  namesOf(clients: Iterable<number>): string[];
  /** The names of these people as this page says them. */
  named(people: Iterable<Person>): string[];
  /** Who deleted what `loss` lost. */
  deletersOf(loss: Loss): string[];
  stop(): void;
}

/** Share `user`'s presence on `provider` and follow the others'. */
export function sharePresence(doc: Y.Doc, provider: WebsocketProvider, user: PresenceUser): Peers {
  const awareness = provider.awareness;
  awareness.setLocalState({ user, cursor: null, selection: [] });
  // Who each page was, kept after its state goes: y-websocket forgets every other page's state when the link drops,
  // and a page that left meanwhile is not named again, while its edits made meanwhile come on return and are to be
  // told by their writers' names.
  const seen = new Map<number, PresenceUser>();
  const onAwareness = () => {
    const peers: Peer[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === doc.clientID || !isPresence(state)) return;
      seen.set(clientId, state.user);
      // the same person in another tab or window (in local mode, every tab): not someone else
      const shown = state.user.id === user.id ? { ...state.user, name: ANOTHER_TAB } : state.user;
      peers.push({ ...state, user: shown, clientId });
    });
    useCollabInfo.setState({ peers });
  };
  awareness.on("change", onAwareness);
  const onLink = ({ status }: { status: string }) => {
    if (status === "disconnected") forgetOthersClocks(awareness);
    else if (status === "connected") passServerLeave(awareness);
  };
  provider.on("status", onLink);
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

  const named = (people: Iterable<Person>) =>
    [...new Set([...people].map((person) => (person.id === user.id ? YOUR_OTHER_TAB : person.name)))];
  const personOf = (client: number) => {
    if (client === doc.clientID) return undefined;
    const now = (awareness.getStates().get(client) as { user?: PresenceUser } | undefined)?.user;
    return now?.name ? now : seen.get(client);
  };
  const namesOf = (clients: Iterable<number>) =>
    named([...clients].map(personOf).filter((person): person is PresenceUser => Boolean(person?.name)));
  /** Who deleted what `loss` lost: as the deleting page recorded it; from a page that records none (a deletion
   * names no one), the pages that wrote in its update, else those that had one of its nodes selected, else the only
   * other page there is (else no one). */
  const deletersOf = (loss: Loss) => {
    if (loss.deleters.length) return named(loss.deleters);
    const states = awareness.getStates();
    const others = [...states.keys()].filter((id) => id !== doc.clientID && isPresence(states.get(id)));
    const lost = new Set(loss.nodes.map((node) => node.id));
    const writing = others.filter((id) => loss.writers.has(id));
    const selecting = others.filter((id) => (states.get(id) as PresenceState).selection
      ?.some((node) => lost.has(node)));
    return namesOf(writing.length ? writing : selecting.length ? selecting : others.length === 1 ? others : []);
  };
  return {
    personOf,
    namesOf,
    named,
    deletersOf,
    stop() {
      unsubscribe();
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      awareness.off("change", onAwareness);
      provider.off("status", onLink);
    },
  };
}

/** The link dropped, and y-websocket dropped every other page's state with it: forget their clocks too. On return
 * the server sends each state it holds with the clock this page already saw, and awareness applies only newer ones:
 * remembered, the others' pointers and selections would stay hidden until each moved (or renewed its state, 15 s). */
function forgetOthersClocks(awareness: WebsocketProvider["awareness"]): void {
  for (const client of [...awareness.meta.keys()]) {
    if (client !== awareness.clientID && !awareness.states.has(client)) awareness.meta.delete(client);
  }
}

/** The link is back: this page's state goes out, and must be newer than what the server made of the drop (this
 * page leaving, its clock one past the last it saw), else it reads as a stale echo and the others see this page's
 * pointer only after it changes twice. */
function passServerLeave(awareness: WebsocketProvider["awareness"]): void {
  const own = awareness.meta.get(awareness.clientID);
  if (!own || awareness.getLocalState() === null) return;
  awareness.meta.set(awareness.clientID, { ...own, clock: own.clock + 2 });
}
