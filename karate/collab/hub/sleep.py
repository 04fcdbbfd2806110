"""Rooms nobody is changing sleep, their document kept encoded until the next change (Room.sleep): a small graph
(SLEEP_AT_ONCE_NODES) as soon as it is projected, a larger one after SLEEP_AFTER_S without a change; the memory
their documents held goes back to the system soon after (GIVE_BACK_AFTER_S)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable

from karate.collab.hub.state import HubState
from karate.collab.rooms import Room

#: A room unchanged this many seconds keeps its document encoded until the next change (Room.sleep): an open tab
#: nobody edits costs 2 KiB for its document instead of 40 (10 nodes), the next edit 0.1-6 ms more to decode it.
SLEEP_AFTER_S = 10.0
#: A room of at most this many nodes sleeps as soon as it is projected with no change waiting, not SLEEP_AFTER_S
#: later: waking it costs under half a millisecond (4-5 µs a node: 0.06 ms for 10 nodes, 0.44 for 100, 2.7 for
#: 400), so keeping it awake between edits buys nothing and costs 40 KiB a room (10 nodes).
SLEEP_AT_ONCE_NODES = 100
#: Seconds after a room fell asleep or unloaded that the freed pages go back to the system (one trim for every room
#: freed meanwhile).
GIVE_BACK_AFTER_S = 1.0


def give_back_freed_memory() -> None:
    """Return the free pages inside the C heap to the system (glibc's `malloc_trim`; elsewhere nothing). Documents
    freed by sleeping or unloaded rooms are pycrdt's, in Rust on the C heap, which glibc otherwise keeps: without it
    the process's RSS stays as high as when every room was awake. 1-4 ms on a 250 MB heap; run off the event loop."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


class RoomSleep(HubState):
    """Putting quiet rooms to sleep, and giving back what they freed."""

    def _sleep_if_small(self, room: Room, nodes: int) -> None:
        """Put a room being projected to sleep if its document is small (`nodes` at most `sleep_at_once_nodes`) and
        nothing is changing it: the next edit wakes it at once, for well under a millisecond."""
        if room.asleep or room.changing or nodes > self.sleep_at_once_nodes:
            return
        room.sleep()
        self._give_back_soon()

    def _give_back_soon(self) -> None:
        """Give the pages of slept or unloaded rooms back to the system GIVE_BACK_AFTER_S from now (one trim for
        every room freed meanwhile)."""
        if self._giving_back is None:
            self._giving_back = asyncio.get_running_loop().call_later(GIVE_BACK_AFTER_S, self._give_back)

    def _give_back(self) -> None:
        self._giving_back = None
        self._spawn(asyncio.to_thread(give_back_freed_memory), "collab memory given back")

    def sleep_quiet_rooms(self, quiet_for: float | None = None) -> int:
        """Put to sleep (Room.sleep) every open room unchanged for `quiet_for` seconds (default `sleep_after`) and
        projected since; how many fell asleep. Small rooms mostly fall asleep sooner, once projected
        (`_sleep_if_small`)."""
        quiet_for = self.sleep_after if quiet_for is None else quiet_for
        now = asyncio.get_running_loop().time()
        fell = 0
        for room in self.rooms.values():
            busy = room.changing or room.projecting.locked()
            if not room.asleep and not busy and now - room.changed_at >= quiet_for:
                room.sleep()
                fell += 1
        return fell

    async def _sleep_quiet_rooms(self) -> None:
        while True:
            await asyncio.sleep(self.sleep_after / 2)
            if self.sleep_quiet_rooms():
                self._give_back_soon()
