"""Rate limits of a studio with accounts: sign-in attempts, sign-ups and password-reset requests per account
and per address (KARATE_LOGIN_ATTEMPTS_PER_MINUTE); runs, agent requests and uploads per user and per address
(KARATE_REQUESTS_PER_MINUTE). Counted over a moving minute by the `limits` library, in this process's memory,
or in Redis (KARATE_REDIS_URL) so that several servers share one count. Local mode limits nothing: the
studio is its owner's alone."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from enum import StrEnum

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from karate.config import Settings
from karate.services.errors import ServiceUnavailable, TooManyRequests

log = logging.getLogger("karate.rate_limits")


class Action(StrEnum):
    """What is counted."""

    SIGN_IN = "sign-in"
    SIGN_UP = "sign-up"
    PASSWORD_RESET = "password-reset"
    RUN = "run"
    AGENT = "agent"
    UPLOAD = "upload"


class Counted(StrEnum):
    """Whose requests one count covers."""

    ACCOUNT = "account"
    ADDRESS = "address"


_NOUNS = {
    Action.SIGN_IN: "sign-in attempts",
    Action.SIGN_UP: "sign-ups",
    Action.PASSWORD_RESET: "password-reset requests",
    Action.RUN: "runs",
    Action.AGENT: "agent requests",
    Action.UPLOAD: "uploads",
}
_WHOSE = {Counted.ACCOUNT: "for this account", Counted.ADDRESS: "from this address"}
_AUTH_ACTIONS = frozenset({Action.SIGN_IN, Action.SIGN_UP, Action.PASSWORD_RESET})


def email_key(email: str) -> str:
    """How an account named by email is counted: the SHA-256 of the address as accounts are keyed, so the
    store (Redis) holds no email addresses."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _storage(redis_url: str | None, prefix: str) -> Storage:
    """In memory (one process), or in Redis under `{prefix}-limits` (KARATE_QUEUE_PREFIX) when servers share it."""
    if not redis_url:
        return MemoryStorage()
    storage = storage_from_string(
        f"async+{redis_url}", implementation="redispy", wrap_exceptions=True, key_prefix=f"{prefix}-limits"
    )
    assert isinstance(storage, Storage)  # an async+ scheme always gives an async storage
    return storage


class RateLimiter:
    """Counts requests per action and per account or address; `hit` refuses one over the limit with
    TooManyRequests, saying how many seconds to wait. Off (every hit passes) when `enabled` is false."""

    def __init__(self, settings: Settings, *, enabled: bool) -> None:
        self.enabled = enabled
        self.redis_url = settings.redis_url
        self.storage = _storage(settings.redis_url if enabled else None, settings.queue_prefix)
        self._limiter = MovingWindowRateLimiter(self.storage)
        auth = RateLimitItemPerMinute(settings.login_attempts_per_minute)
        requests = RateLimitItemPerMinute(settings.requests_per_minute)
        self._items: dict[Action, RateLimitItem] = {
            action: auth if action in _AUTH_ACTIONS else requests for action in Action
        }

    async def hit(self, action: Action, counted: Counted, key: str) -> None:
        """Count one `action` by `key` (a user id, an address or an `email_key`); TooManyRequests when the
        minute's allowance is spent, ServiceUnavailable when the Redis store cannot be reached."""
        if not self.enabled:
            return
        item = self._items[action]
        try:
            if await self._limiter.hit(item, action, counted, key):
                return
            stats = await self._limiter.get_window_stats(item, action, counted, key)
        except StorageError as error:
            log.error("the rate-limit store at KARATE_REDIS_URL cannot be reached: %s", error.storage_error)
            raise ServiceUnavailable(
                "the studio cannot check its rate limits: its Redis store (KARATE_REDIS_URL) cannot be reached; "
                "try again in a moment, or tell the studio's admin"
            ) from None
        wait = max(1, math.ceil(stats.reset_time - time.time()))
        raise TooManyRequests(f"too many {_NOUNS[action]} {_WHOSE[counted]}; wait {wait} s", retry_after=wait)

    async def aclose(self) -> None:
        """Stop the in-memory store's expiry task, or close the connections to Redis."""
        timer = getattr(self.storage, "timer", None)
        if timer is not None:
            timer.cancel()
        client = getattr(getattr(self.storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()
