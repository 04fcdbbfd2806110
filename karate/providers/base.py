"""The shared HTTP base of every provider adapter: auth, retries with backoff that honour Retry-After,
per-call and per-job timeouts, polling, cancellation and typed errors."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

from karate.config import Settings, env_name
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import (
    ProviderAuthError,
    ProviderCreditsExhausted,
    ProviderError,
    ProviderOutputError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
)
from karate.providers.transfer import SpooledDownload, decode_data_uri, is_data_uri, store_bytes
from karate.storage.assets import AssetRef

log = logging.getLogger("karate.providers")
T = TypeVar("T")

_RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
_CANCEL_TIMEOUT = 10.0


class ProviderAdapter(ABC):
    """One provider's API. Subclasses set the names below and implement `run`."""

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

    @abstractmethod
    async def run(self, call: ProviderCall) -> ProviderResult:
        """Submit the call, wait for the provider's job, and store its output."""

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
                    raise ProviderTimeout(
                        f"{self.label} did not answer within "
                        f"{timeout or self.settings.provider_call_timeout:g} s "
                        f"({type(error).__name__}); try again later",
                        provider=self.label,
                    ) from None
                await asyncio.sleep(self.backoff(attempt))
                continue
            except httpx.TransportError as error:
                if last:
                    raise ProviderUnavailable(
                        f"{self.label} could not be reached ({type(error).__name__}); "
                        "check the network or try again later",
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

    async def request_json(self, method: str, url: str, **kwargs: Any) -> Any:
        response = await self.request(method, url, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ProviderOutputError(
                f"{self.label} answered {response.status_code} with something that is not JSON; try again later",
                provider=self.label,
            ) from None

    def retryable(self, response: httpx.Response) -> bool:
        """Whether this error status is worth retrying (OpenAI's out-of-quota 429 is not)."""
        return True

    def backoff(self, attempt: int) -> float:
        base = self.settings.provider_retry_base_delay * (2**attempt)
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

    def scrub(self, text: str) -> str:
        """Never echo a key back to the user, even if a provider put it in an error."""
        key = self.key
        return text.replace(key, "***") if key else text

    # --- jobs ---------------------------------------------------------------------------------

    async def poll(
        self,
        call: ProviderCall,
        fetch: Callable[[], Awaitable[T]],
        finished: Callable[[T], bool],
        started: float | None = None,
    ) -> T:
        """Fetch a job's state until `finished`, with growing intervals, within the job's timeout."""
        loop = asyncio.get_running_loop()
        deadline = (started or loop.time()) + call.job_timeout
        interval = self.settings.provider_poll_interval
        while True:
            state = await fetch()
            if finished(state):
                return state
            if loop.time() + interval > deadline:
                raise self.job_timeout(call)
            await asyncio.sleep(interval)
            interval = min(interval * 1.5, self.settings.provider_poll_max_interval)

    def job_timeout(self, call: ProviderCall) -> ProviderTimeout:
        minutes = call.job_timeout / 60
        took = f"{minutes:g} minutes" if minutes >= 1 else f"{call.job_timeout:g} s"
        hint = f"; try {call.alternatives[0]}" if call.alternatives else "; try again later"
        return ProviderTimeout(f"{self.label} timed out after {took} on {call.title}{hint}", provider=self.label)

    async def guard(self, job: Awaitable[T], cancel: Callable[[], Awaitable[Any]]) -> T:
        """Await a provider job; if the run is cancelled or the job times out, cancel it at the provider."""
        try:
            return await job
        except (asyncio.CancelledError, ProviderTimeout):
            await self.cancel_quietly(cancel)
            raise

    async def cancel_quietly(self, cancel: Callable[[], Awaitable[Any]]) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(cancel()), _CANCEL_TIMEOUT)
            log.info("%s job cancelled", self.label)
        except Exception as error:  # the run is ending anyway; a failed cancel costs credits, not correctness
            log.warning("%s job could not be cancelled: %s", self.label, self.scrub(str(error)))

    # --- files --------------------------------------------------------------------------------

    async def save_output(
        self, call: ProviderCall, value: str | bytes, *, headers: dict[str, str] | None = None
    ) -> AssetRef:
        """Store a provider output: raw bytes, a data URI, or a URL to download."""
        limit = self.settings.provider_max_download_bytes
        try:
            if isinstance(value, bytes):
                return store_bytes(call.store, value, call.output_kind, limit)
            if is_data_uri(value):
                return store_bytes(call.store, decode_data_uri(value), call.output_kind, limit)
        except ValueError as error:
            raise ProviderOutputError(f"{self.label} {error} for {call.title}", provider=self.label) from None
        return await self.download(call, value, headers=headers)

    async def download(self, call: ProviderCall, url: str, *, headers: dict[str, str] | None = None) -> AssetRef:
        if not url.startswith(("https://", "http://")):
            raise ProviderOutputError(
                f"{self.label} returned an output that is not a file URL for {call.title}", provider=self.label
            )
        attempts = self.settings.provider_max_retries + 1
        for attempt in range(attempts):
            try:
                return await self._download_once(call, url, headers)
            except (httpx.TransportError, ProviderUnavailable) as error:
                if attempt == attempts - 1:
                    raise ProviderUnavailable(
                        f"{self.label} output of {call.title} could not be downloaded "
                        f"({type(error).__name__}); run the node again",
                        provider=self.label,
                    ) from None
                await asyncio.sleep(self.backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _download_once(self, call: ProviderCall, url: str, headers: dict[str, str] | None) -> AssetRef:
        spool = SpooledDownload(self.settings.provider_max_download_bytes)
        try:
            async with (
                self._slots,
                self.client.stream(
                    "GET", url, headers=headers or {}, timeout=self.settings.provider_call_timeout
                ) as response,
            ):
                if response.status_code >= 500:
                    raise ProviderUnavailable(f"download answered {response.status_code}", provider=self.label)
                if response.status_code >= 400:
                    raise ProviderOutputError(
                        f"{self.label} output of {call.title} could not be downloaded "
                        f"({response.status_code}); it may have expired, run the node again",
                        provider=self.label,
                    )
                declared = int(response.headers.get("content-length") or 0)
                if declared > spool.max_bytes:
                    raise ValueError(f"the output is larger than the limit of {spool.max_bytes} bytes")
                async for chunk in response.aiter_bytes():
                    spool.write(chunk)
            return await spool.commit(call.store, call.output_kind)
        except ValueError as error:
            raise ProviderOutputError(f"{self.label} {error} for {call.title}", provider=self.label) from None
        finally:
            spool.close()

    def read_file(self, call: ProviderCall, file: FileInput) -> bytes:
        return call.store.read_bytes(file.ref.sha256)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def new_client(settings: Settings) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=settings.provider_max_connections, max_keepalive_connections=settings.provider_max_connections
    )
    return httpx.AsyncClient(timeout=settings.provider_call_timeout, limits=limits, follow_redirects=True)


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from `retry-after-ms` or `Retry-After` (seconds or an HTTP date); None when absent."""
    millis = response.headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(parsed.timestamp() - time.time(), 0.0)


def json_error_detail(body: Any) -> str:
    """Dig the human message out of the usual envelopes: RFC 7807, FastAPI `detail`, `{error: {message}}`."""
    if isinstance(body, dict):
        if isinstance(body.get("msg"), str):  # FastAPI/pydantic validation item: {loc, msg, type}
            where = ".".join(str(part) for part in body.get("loc", [])[1:])
            return f"{where}: {body['msg']}" if where else body["msg"]
        for key in ("detail", "message", "error", "errors", "title", "failure"):
            value = body.get(key)
            if value:
                return json_error_detail(value)
        return ""
    if isinstance(body, list):
        return "; ".join(filter(None, (json_error_detail(item) for item in body[:5])))
    return str(body)
