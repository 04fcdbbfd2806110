"""Alerts to the studio's admins in Slack (SLACK_WEBHOOK_URL, an incoming webhook), spec 13.2: a provider that
still fails after its retries, and database errors. Each kind of alert is sent at most once per
KARATE_ALERT_INTERVAL; the next one says how many of that kind were held back, so a burst of failures is one
message, not a flood. Alerts are posted from one background thread: raising one never waits on Slack, from
the event loop or from any thread."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from karate.providers.errors import ProviderError
from karate.services.redaction import SecretScrubber

log = logging.getLogger("karate.alerts")

#: Provider errors an admin can act on (a key, an account's credit, an outage); a request the provider
#: rejected (bad input, moderation) is the user's to fix, told in the node's error.
ADMIN_PROVIDER_ERRORS = frozenset(
    {"provider_unavailable", "provider_timeout", "provider_rate_limited", "provider_auth", "provider_credits"}
)
#: Modules whose exceptions are database errors (SQLAlchemy's, and its drivers' when they escape it).
_DATABASE_MODULES = ("sqlalchemy", "asyncpg", "aiosqlite", "sqlite3", "psycopg")
_POST_TIMEOUT_S = 10.0


@dataclass
class _Held:
    last_sent: float
    held_back: int = 0


class SlackAlerts:
    """Rate-limited admin alerts to a Slack incoming webhook. `alert(kind, text)` never blocks and never
    raises; `flush()` waits until every alert raised so far has been posted (or given up on)."""

    def __init__(
        self,
        webhook_url: str,
        scrubber: SecretScrubber,
        *,
        interval: float,
        service: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.webhook_url = webhook_url
        self.clock = clock
        self.scrubber = scrubber
        self.interval = interval
        self.service = service
        self._kinds: dict[str, _Held] = {}
        self._lock = threading.Lock()
        self._outbox: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def alert(self, kind: str, text: str) -> bool:
        """Send `text` unless an alert of `kind` went out less than the interval ago (then it is counted and
        mentioned by the next one). True when it is sent."""
        now = self.clock()
        with self._lock:
            held = self._kinds.get(kind)
            if held is not None and now - held.last_sent < self.interval:
                held.held_back += 1
                return False
            earlier = held.held_back if held is not None else 0
            self._kinds[kind] = _Held(now)
            self._start()
        more = f" ({earlier} more like it since the last alert)" if earlier else ""
        self._outbox.put(self.scrubber.scrub(f"[{self.service}] {text}{more}"))
        return True

    def notify(self, text: str) -> None:
        """Send `text` as it is, with no holding back: a message people expect one of per event (a support
        ticket); never blocks, never raises."""
        with self._lock:
            self._start()
        self._outbox.put(self.scrubber.scrub(f"[{self.service}] {text}"))

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._post_forever, name="karate-alerts", daemon=True)
            self._thread.start()

    def flush(self) -> None:
        """Wait until every alert raised so far has been posted (blocking: call it from a thread)."""
        self._outbox.join()

    def close(self) -> None:
        """Post what is waiting, then stop the sending thread."""
        if self._thread is not None:
            self._outbox.put(None)
            self._thread.join(timeout=_POST_TIMEOUT_S * 2)
            self._thread = None

    def _post_forever(self) -> None:
        with httpx.Client(timeout=_POST_TIMEOUT_S) as client:
            while True:
                text = self._outbox.get()
                try:
                    if text is None:
                        return
                    self._post(client, text)
                finally:
                    self._outbox.task_done()

    def _post(self, client: httpx.Client, text: str) -> None:
        try:
            answer = client.post(self.webhook_url, json={"text": text})
        except httpx.HTTPError as error:
            log.warning("could not send an alert to Slack (%s); check SLACK_WEBHOOK_URL", type(error).__name__)
            return
        if answer.status_code >= 400:
            log.warning("Slack refused an alert (%s %s); check SLACK_WEBHOOK_URL", answer.status_code, answer.text)

    # --- what raises alerts -------------------------------------------------------------------------

    def provider_call_ended(self, provider: str, seconds: float, error: Exception | None) -> None:
        """A ProviderHub observer: alert when a model call failed after its retries in a way an admin can fix."""
        if isinstance(error, ProviderError) and error.code in ADMIN_PROVIDER_ERRORS:
            self.alert(
                f"provider:{provider}:{error.code}",
                f"{error.provider or provider}: model calls are failing after their retries ({error.code}): "
                f"{error.message}",
            )


class DatabaseErrorAlerts(logging.Handler):
    """A logging handler that turns error records about database errors (the run journal's failed writes,
    a request that failed on the database) into one alert per interval."""

    def __init__(self, alerts: SlackAlerts) -> None:
        super().__init__(logging.ERROR)
        self.alerts = alerts

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        cause = database_error_in(error)
        if cause is None:
            return
        self.alerts.alert("database", f"database error: {record.getMessage()}: {type(cause).__name__}: {cause}")


def database_error_in(error: BaseException | None) -> BaseException | None:
    """The database error in `error`'s chain (itself, its cause or its context), if any."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if type(error).__module__.split(".")[0] in _DATABASE_MODULES:
            return error
        error = error.__cause__ or error.__context__
    return None
