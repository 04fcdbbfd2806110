"""Sessions that end on their own: a session not used for KARATE_SESSION_TTL seconds expires, and what it holds open
(live co-editing, a project's activity feed) must end then as it does on a sign-out, not stay open on a sign-in that is
over. One timer per session that holds something open, not a check of every connection every second."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from karate.db.models import utcnow

if TYPE_CHECKING:
    from karate.services.accounts import AccountService

log = logging.getLogger("karate.accounts")

#: Seconds past a session's expiry its timer fires: the database's clock, not the event loop's, says when it is over.
_LATE_S = 0.05
#: Seconds before a session's expiry is read again when the database could not be read.
_RETRY_S = 30.0


class SessionExpiry:
    """The sessions whose connections are open on this server, each watched until it expires (then ended as a
    sign-out, `AccountService.end_expired_session`) or nothing holds it any more. A session renewed meanwhile (a
    request past half its time) is watched on until its new expiry."""

    def __init__(self, accounts: AccountService) -> None:
        self.accounts = accounts
        self._holders: dict[str, int] = {}  # by the session token's stored hash: connections holding it open
        self._watches: dict[str, asyncio.Task[None]] = {}

    @contextlib.asynccontextmanager
    async def holding(self, session: str | None) -> AsyncIterator[None]:
        """While the block runs, the session (the stored hash of its token) holds a connection open: at its expiry
        it ends as a sign-out, which closes that connection (4401). None: nothing to watch (an API key, which ends
        only when revoked; an OIDC token; local mode)."""
        if session is None:
            yield
            return
        self._holders[session] = self._holders.get(session, 0) + 1
        if session not in self._watches:
            self._watches[session] = asyncio.create_task(self._watch(session), name="session expiry")
        try:
            yield
        finally:
            self._holders[session] -= 1
            if not self._holders[session]:
                del self._holders[session]
                watch = self._watches.pop(session, None)
                if watch is not None:
                    watch.cancel()

    async def _watch(self, session: str) -> None:
        try:
            while True:
                try:
                    expires_at = await self.accounts.session_expires_at(session)
                    if expires_at is None:
                        return  # signed out already: its sign-out closed what it held
                    left = (expires_at - utcnow()).total_seconds()
                    if left <= 0 and await self.accounts.end_expired_session(session):
                        return
                except Exception as error:
                    log.warning("could not check whether a session expired (%s); checking again shortly", error)
                    left = _RETRY_S
                await asyncio.sleep(max(left, 0) + _LATE_S)
        finally:
            if self._watches.get(session) is asyncio.current_task():
                del self._watches[session]

    async def stop(self) -> None:
        """Stop watching (the studio stops; its connections are closed with it)."""
        watches = list(self._watches.values())
        self._watches.clear()
        for watch in watches:
            watch.cancel()
        await asyncio.gather(*watches, return_exceptions=True)
