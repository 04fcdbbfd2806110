"""Errors the services raise; each carries a message that tells the user what to do. The API maps them
to HTTP statuses in one place (karate/api/errors.py)."""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error a user of the API can see."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StudioError):
    code = "not_found"


class InvalidRequest(StudioError):
    code = "invalid_request"


class VersionConflict(StudioError):
    code = "version_conflict"

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class RunFinished(StudioError):
    code = "run_finished"


class JobNotHeld(StudioError):
    """An agent job finished by someone not holding it: not claimed, already finished, or the lease ran out."""

    code = "job_not_held"


class TicketClosed(StudioError):
    """A reply to a support ticket its asker (or the team) closed: ask a new question instead."""

    code = "ticket_closed"


class PayloadTooLarge(StudioError):
    code = "too_large"


class InsufficientStorage(StudioError):
    """The disk is full: nothing was stored."""

    code = "insufficient_storage"


class UnsupportedMedia(StudioError):
    code = "unsupported_media_type"


class LinkExpired(StudioError):
    code = "link_expired"


class ServiceUnavailable(StudioError):
    code = "unavailable"


class Forbidden(StudioError):
    code = "forbidden"


class CsrfRejected(Forbidden):
    """A write with the session cookie but without its page's CSRF token (a stale tab: fetch /auth/me again)."""

    code = "csrf_rejected"


class Unauthorized(StudioError):
    """No verified credentials, or ones that expired: sign in (or send an API key)."""

    code = "unauthorized"


class InsufficientCredits(StudioError):
    """The balance does not cover what a run would spend; says the shortfall."""

    code = "insufficient_credits"

    def __init__(self, message: str, *, needed: int, balance: int) -> None:
        super().__init__(message)
        self.needed = needed
        self.balance = balance


class TooManyRequests(StudioError):
    """A rate limit was reached; `retry_after` says in how many seconds to try again."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LocalMode(StudioError):
    """An account action in local mode, where nobody signs in."""

    code = "local_mode"
