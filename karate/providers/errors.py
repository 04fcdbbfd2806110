"""Typed provider errors; each carries a message a user can act on and is a NodeFailure for the engine."""

from __future__ import annotations

from karate.engine.errors import NodeFailure, NotConfigured


class ProviderError(NodeFailure):
    """A provider could not give us a result. `provider` is its display name (never a key)."""

    code = "provider_error"
    #: whether the next route of a model should be tried after this error
    falls_over = False

    def __init__(self, message: str, *, provider: str = "") -> None:
        super().__init__(message)
        self.provider = provider


class ProviderNotConfigured(NotConfigured):
    """No key for any provider that hosts the model."""

    code = "provider_not_configured"


class ProviderAuthError(ProviderError):
    code = "provider_auth"


class ProviderCreditsExhausted(ProviderError):
    code = "provider_credits"


class ProviderRejected(ProviderError):
    """The provider refused the request itself: bad input, content moderation, unknown model."""

    code = "provider_rejected"


class ProviderJobFailed(ProviderError):
    """The job was accepted and ran, then ended in failure."""

    code = "provider_job_failed"


class ProviderOutputError(ProviderError):
    """The job succeeded but its output is missing, malformed, too large or of the wrong type."""

    code = "provider_output"


class ProviderRateLimited(ProviderError):
    code = "provider_rate_limited"
    falls_over = True


class ProviderUnavailable(ProviderError):
    """5xx answers or network failures that outlasted every retry."""

    code = "provider_unavailable"
    falls_over = True


class ProviderTimeout(ProviderError):
    code = "provider_timeout"
    falls_over = True
