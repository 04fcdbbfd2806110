"""The files the cache must never evict: every file the assets table records (uploads, saved results)."""

from __future__ import annotations

from collections.abc import Iterable


class PinnedAssets:
    """The sha256s of recorded assets, owned by the studio: filled from the assets table at start, pinned
    as uploads and saved results are recorded, asked by the cache index before it evicts a file."""

    def __init__(self, sha256s: Iterable[str] = ()) -> None:
        self._pinned = set(sha256s)

    def pin(self, sha256: str) -> bool:
        """Pin a file; True when it was not pinned before (the caller then records it)."""
        if sha256 in self._pinned:
            return False
        self._pinned.add(sha256)
        return True

    def __contains__(self, sha256: object) -> bool:
        return sha256 in self._pinned

    def __len__(self) -> int:
        return len(self._pinned)
