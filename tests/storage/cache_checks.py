"""What the tests of both cache indexes (the SQLite file, the shared database) do alike."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from karate.storage.cache_index import CacheEntry, WriteBehindIndex

ENTRIES, ENTRY_BYTES = 40, 7


def flush_the_same_results_from_threads(
    indexes: Sequence[WriteBehindIndex], after_flush: Callable[[WriteBehindIndex], object] = lambda index: None
) -> None:
    """Every index, each in a thread as a process of its own, all at once: five times, put the same `ENTRIES`
    entries of `ENTRY_BYTES` bytes, touch every third, flush, then `after_flush(index)`. Raises the first error a
    thread met."""
    start = threading.Barrier(len(indexes))
    errors: list[BaseException] = []

    def work(index: WriteBehindIndex) -> None:
        try:
            start.wait()
            for _ in range(5):
                for n in range(ENTRIES):
                    index.put(CacheEntry(f"{n:064x}", "tool.test", {"text": str(n)}), [], ENTRY_BYTES)
                index.touch([f"{n:064x}" for n in range(0, ENTRIES, 3)])
                index.flush()
                after_flush(index)
        except BaseException as error:  # pragma: no cover - raised below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(index,)) for index in indexes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def fill_past_the_bound_using_the_oldest(first: WriteBehindIndex, second: WriteBehindIndex) -> dict[str, CacheEntry]:
    """Two processes on one index bounded at 10,000 bytes: 8 entries of 1,000 bytes (keys 0-7, alternating between
    them), the oldest (0) used again, then 4 more (8-11) from the first. Returns what the second then finds of 0-11."""
    for n in range(8):
        index = first if n % 2 else second
        index.put(CacheEntry(f"{n:064x}", "tool.test", {"text": str(n)}), [], 1_000)
        index.flush()
    second.touch([f"{0:064x}"])
    second.flush()
    for n in range(8, 12):
        first.put(CacheEntry(f"{n:064x}", "tool.test", {"text": str(n)}), [], 1_000)
        first.flush()
    return second.get_many([f"{n:064x}" for n in range(12)])
