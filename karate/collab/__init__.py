"""Live co-editing: each workflow a Yjs document served over the y-websocket protocol (karate.collab.rooms),
projected into the workflows table; versions and comments (DESIGN.md section 7)."""
