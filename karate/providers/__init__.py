"""Provider adapters: one module per provider over a shared HTTP base (retries, timeouts, cancellation),
a ProviderHub that holds one pooled client per provider, and `provider_status` for GET /api/v1/providers."""

from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import (
    ProviderAuthError,
    ProviderCreditsExhausted,
    ProviderError,
    ProviderJobFailed,
    ProviderNotConfigured,
    ProviderOutputError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
)
from karate.providers.hub import ADAPTERS, ProviderHub, provider_status

__all__ = [
    "ADAPTERS",
    "FileInput",
    "ProviderAuthError",
    "ProviderCall",
    "ProviderCreditsExhausted",
    "ProviderError",
    "ProviderHub",
    "ProviderJobFailed",
    "ProviderNotConfigured",
    "ProviderOutputError",
    "ProviderRateLimited",
    "ProviderRejected",
    "ProviderResult",
    "ProviderTimeout",
    "ProviderUnavailable",
    "provider_status",
]
