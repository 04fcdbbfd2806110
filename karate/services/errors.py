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
