"""The base of every provider adapter: a ProviderClient that also runs the provider's jobs, polling them
within the job's timeout, cancelling them at the provider when the run ends, and storing their outputs."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.client import ProviderClient
from karate.providers.errors import ProviderOutputError, ProviderTimeout, ProviderUnavailable
from karate.providers.transfer import SpooledDownload, decode_data_uri, is_data_uri, store_bytes
from karate.storage.assets import AssetRef

log = logging.getLogger("karate.providers")
T = TypeVar("T")

_CANCEL_TIMEOUT = 10.0


class ProviderAdapter(ProviderClient, ABC):
    """One provider's API. Subclasses set the names of ProviderClient and implement `run`."""

    @abstractmethod
    async def run(self, call: ProviderCall) -> ProviderResult:
        """Submit the call, wait for the provider's job, and store its output."""

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

    async def run_job(
        self,
        call: ProviderCall,
        create_url: str,
        body: dict[str, Any],
        *,
        noun: str,
        job_url: Callable[[str], str],
        finished: Callable[[dict[str, Any]], bool],
        report: Callable[[dict[str, Any]], None],
    ) -> dict[str, Any]:
        """POST a job to `create_url`, then GET its state at `job_url(id)` (each passed to `report`) until
        `finished`, and return that state; DELETE the job there if the run ends or times out first. `noun`
        names the job in the error raised when the provider answers without an id."""
        started = asyncio.get_running_loop().time()
        created = await self.request_json("POST", create_url, json=body)
        job_id = created.get("id")
        if not job_id:
            raise ProviderOutputError(f"{self.label} accepted the {noun} but returned no id", provider=self.label)
        url = job_url(str(job_id))

        async def fetch() -> dict[str, Any]:
            state = await self.request_json("GET", url)
            report(state)
            return state

        return await self.guard(
            self.poll(call, fetch, finished, started), lambda: self.request("DELETE", url, timeout=10)
        )

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
                    self.log_network_failure(error, f"output of {call.title} could not be downloaded")
                    raise ProviderUnavailable(
                        f"{self.label} output of {call.title} could not be downloaded; run the node again",
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
