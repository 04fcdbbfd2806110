"""One provider's HTTP API: its key and the only hosts the key may go to, requests retried with backoff that
honours Retry-After within per-call timeouts, and the provider's error answers turned into typed errors."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from typing import Any

import httpx

from karate.config import Settings, env_name
from karate.providers.answers import json_error_detail, json_object, retry_after
from karate.providers.errors import (
    ProviderAuthError,
    ProviderCreditsExhausted,
    ProviderError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
)

log = logging.getLogger("karate.providers")

_RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})


class ProviderClient:
    """One provider's HTTP API. Adapters (karate.providers.base.ProviderAdapter) set the names below."""

    name = ""  # setting prefix and route name: "replicate"
    label = ""  # what users read: "Replicate"
    key_setting = ""  # the Settings field holding the key
    key_env = ""  # the variable users set ("REPLICATE_API_TOKEN"): derived from key_setting
    base_url_setting = ""
    key_url_settings: tuple[str, ...] = ()  # other configured URLs whose hosts also get the key (fal's storage)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.key_setting:  # the variable's name lives in one place: the Settings field's alias
            cls.key_env = env_name(cls.key_setting)

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self.client = client or new_client(settings)
        # Queue requests here rather than in httpx's pool, whose bookkeeping grows with the queue:
        # with a thousand jobs waiting on two hundred connections it would eat the event loop.
        self._slots = asyncio.Semaphore(settings.provider_max_connections)
        # Every request this client sends, redirects included, passes here: the key goes to configured hosts only.
        self.client.event_hooks["request"].append(self._withhold_key)

    # --- configuration ------------------------------------------------------------------------

    @property
    def key(self) -> str:
        secret = getattr(self.settings, self.key_setting, None) if self.key_setting else None
        return secret.get_secret_value() if secret is not None else ""

    @property
    def configured(self) -> bool:
        return bool(self.key)

    @property
    def base_url(self) -> str:
        return str(getattr(self.settings, self.base_url_setting)).rstrip("/")

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    @functools.cached_property
    def _key_origins(self) -> frozenset[tuple[str, str, int | None]]:
        configured = [self.base_url, *(str(getattr(self.settings, name)) for name in self.key_url_settings)]
        return frozenset(_origin(httpx.URL(value)) for value in configured if value)

    def sends_key_to(self, url: httpx.URL) -> bool:
        """Whether `url` is on a host this adapter is configured to call (scheme, host and port), the only
        places its key may go; never a host named in a provider's answer (output, polling or redirect URLs)."""
        return _origin(url) in self._key_origins

    async def _withhold_key(self, request: httpx.Request) -> None:
        if self.sends_key_to(request.url):
            return
        for name, value in self.auth_headers().items():
            if request.headers.get(name) == value:
                del request.headers[name]
                log.info(
                    "%s: not sending the key to %s, which is not a configured %s host",
                    self.label,
                    request.url.host,
                    self.label,
                )

    async def aclose(self) -> None:
        await self.client.aclose()

    # --- requests -----------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        auth: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request, retrying 429, 5xx and network failures; raise a typed error otherwise."""
        merged = {**(self.auth_headers() if auth else {}), **(headers or {})}
        attempts = self.settings.provider_max_retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                async with self._slots:
                    response = await self.client.request(
                        method, url, headers=merged, timeout=timeout or self.settings.provider_call_timeout, **kwargs
                    )
            except httpx.TimeoutException as error:
                if last:
                    waited = timeout or self.settings.provider_call_timeout
                    self.log_network_failure(error, f"no answer within {waited:g} s")
                    raise ProviderTimeout(
                        f"{self.label} did not answer within {waited:g} s; try again later", provider=self.label
                    ) from None
                await asyncio.sleep(self.backoff(attempt))
                continue
            except httpx.TransportError as error:
                if last:
                    self.log_network_failure(error, "could not be reached")
                    raise ProviderUnavailable(
                        f"{self.label} could not be reached; check the network or try again later",
                        provider=self.label,
                    ) from None
                await asyncio.sleep(self.backoff(attempt))
                continue
            if response.status_code < 400:
                return response
            if response.status_code in _RETRYABLE_STATUS and self.retryable(response) and not last:
                delay = self.retry_delay(response, attempt)
                if delay is not None:
                    log.info("%s answered %s; retrying in %.2f s", self.label, response.status_code, delay)
                    await asyncio.sleep(delay)
                    continue
            raise self.error_for(response)
        raise AssertionError("unreachable")  # pragma: no cover

    async def request_json(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        """`request`, then the JSON object it answered (ProviderOutputError when the body is anything else)."""
        return json_object(await self.request(method, url, **kwargs), self.label)

    def retryable(self, response: httpx.Response) -> bool:
        """Whether this error status is worth retrying (OpenAI's out-of-quota 429 is not)."""
        return True

    def backoff(self, attempt: int) -> float:
        base = self.settings.provider_retry_base_delay * (2.0**attempt)
        return min(base * (0.5 + random.random() / 2), self.settings.provider_retry_max_delay)

    def retry_delay(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying; Retry-After wins over backoff. None: do not wait that long."""
        hinted = retry_after(response)
        if hinted is None:
            return self.backoff(attempt)
        return hinted if hinted <= self.settings.provider_retry_max_delay else None

    # --- errors -------------------------------------------------------------------------------

    def error_detail(self, response: httpx.Response) -> str:
        """The provider's own words about an error, from its error envelope."""
        try:
            body = response.json()
        except ValueError:
            return response.text[:300].strip()
        return json_error_detail(body)

    def error_for(self, response: httpx.Response) -> ProviderError:
        status = response.status_code
        detail = self.scrub(self.error_detail(response)) or response.reason_phrase
        said = f"{self.label} answered {status}: {detail}"
        if status == 401 or (status == 403 and not self.is_credit_error(response, detail)):
            return ProviderAuthError(
                f"{self.label} refused the key ({status}: {detail}); check {self.key_env}", provider=self.label
            )
        if status == 402 or self.is_credit_error(response, detail):
            return ProviderCreditsExhausted(
                f"{said}. Add credit to your {self.label} account or set up another provider for this model",
                provider=self.label,
            )
        if status == 429:
            wait = retry_after(response)
            hint = f"; it asks to wait {wait:g} s" if wait is not None else ""
            return ProviderRateLimited(
                f"{self.label} is rate limiting this studio{hint}; try again shortly ({detail})", provider=self.label
            )
        if status >= 500:
            return ProviderUnavailable(
                f"{self.label} failed with {status} after {self.settings.provider_max_retries} retries: {detail}",
                provider=self.label,
            )
        return ProviderRejected(f"{self.label} rejected the request: {detail}", provider=self.label)

    def is_credit_error(self, response: httpx.Response, detail: str) -> bool:
        return False

    def log_network_failure(self, error: Exception, what: str) -> None:
        """Log a network failure as the library names it (its class and text: for whoever reads the log); the
        user's message says the same in words, without them."""
        log.warning("%s %s after retries: %s: %s", self.label, what, type(error).__name__, self.scrub(str(error)))

    def scrub(self, text: str) -> str:
        """Never echo a key back to the user, even if a provider put it in an error."""
        key = self.key
        return text.replace(key, "***") if key else text


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def new_client(settings: Settings) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=settings.provider_max_connections, max_keepalive_connections=settings.provider_max_connections
    )
    return httpx.AsyncClient(timeout=settings.provider_call_timeout, limits=limits, follow_redirects=True)
