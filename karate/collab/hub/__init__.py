"""Live co-editing: every workflow is a Yjs document served over the y-websocket protocol (karate.collab.protocol)
by one in-process room per workflow (karate.collab.rooms), kept by the hub (`CollabHub`). Its parts, each a module
building on the one before:

- `state`: what every part shares (the rooms, the store, the relay) and the small steps they all take.
- `sleep`: a room nobody is changing sleeps, its document kept encoded until the next change (Room.sleep): a small
  graph (SLEEP_AT_ONCE_NODES) as soon as it is projected, a larger one after SLEEP_AFTER_S without a change.
- `projection`: the document is projected into the workflows table (what the REST API and the engine read) about
  400 ms after the last change, at most every 2 s while changes keep coming, and at once on `flush` (before a run);
  projections due together are written in one transaction (PROJECT_BATCH to each).
- `other_servers`: with several servers (KARATE_REDIS_URL set), each room relays what it stored, its awareness,
  deletions and access changes to the workflow's rooms on the other servers (karate.collab.relay), which apply them
  and pass them to their own connections without storing them again; a sign-out closes the connections it ended on
  every server. Messages that arrive while a room loads wait, and are applied once it has read the database (the
  subscription predates every load, so nothing falls between the two; rooms open while Redis was away read the
  database again once it is back).
- `loading`: a room loads on its first use from the workflow's stored updates (collab_updates, applied in order); a
  workflow that has none gets its document built from `workflows.document`, stored at once as its first update. It
  unloads when the last connection leaves (projected, then compacted).
- `connections`: every update a connection sends is applied, passed to the other connections, then stored
  (committed) before other servers get it; the connection's next message waits for that. A viewer's updates are
  dropped.
- `service`: `CollabHub` itself, what the rest of the studio asks of the rooms. A REST save of a workflow with a Yjs
  history goes through `apply_document`, so both paths edit one document.
"""

from karate.collab.hub.service import CollabHub

__all__ = ["CollabHub"]
