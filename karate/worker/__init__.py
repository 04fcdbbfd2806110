"""`karate worker`: processes that execute runs taken from a Redis-backed queue (KARATE_DISPATCH=queue).

The database is the source of truth (the runs table); the queue only carries run ids. A worker claims a run
with a lease it renews (leases.py), so a worker killed mid-run is replaced by another (runner.py); API servers
enqueue (queue.py) and follow the runs' events through Redis streams (karate.services.event_fanout).
"""
