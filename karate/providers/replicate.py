"""Replicate: predictions on official models, community model versions and deployments.

Creates wait up to `replicate_wait_seconds` (Prefer: wait) and fall back to polling `urls.get`; outputs
come back as URLs or, in sync mode, data URIs. Input files go as data URIs when small, else via /v1/files.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderJobFailed, ProviderOutputError
from karate.providers.files import replace_files
from karate.providers.transfer import data_uri, dig, first_file_reference, text_output

_TERMINAL = frozenset({"succeeded", "failed", "canceled"})
_DATA_URI_LIMIT = 256 * 1024  # Replicate's advice: data URIs for small files, uploads for the rest
_TQDM_PERCENT = re.compile(r"(\d{1,3})%\|")
_WAIT_KINDS = frozenset({"image", "vector", "text"})


class ReplicateAdapter(ProviderAdapter):
    name = "replicate"
    label = "Replicate"
    key_setting = "replicate_api_token"
    base_url_setting = "replicate_base_url"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._versions: dict[str, str] = {}

    async def run(self, call: ProviderCall) -> ProviderResult:
        body = {"input": await replace_files(call.body, lambda file: self._encode_file(call, file))}
        url = await self._create_url(call, body)
        headers = {}
        wait = self.settings.replicate_wait_seconds
        if wait and call.output_kind in _WAIT_KINDS:
            headers["Prefer"] = f"wait={wait}"
        started = asyncio.get_running_loop().time()
        prediction = await self.request_json(
            "POST",
            url,
            json=body,
            headers=headers,
            timeout=self.settings.provider_call_timeout + (wait if headers else 0),
        )
        if prediction.get("status") not in _TERMINAL:
            prediction = await self.guard(self._wait(call, prediction, started), lambda: self._cancel(prediction))
        return await self._result(call, prediction)

    async def _create_url(self, call: ProviderCall, body: dict[str, Any]) -> str:
        model = call.model
        if call.operation == "deployment":
            return f"{self.base_url}/v1/deployments/{model}/predictions"
        if ":" in model:
            body["version"] = model.split(":", 1)[1]
            return f"{self.base_url}/v1/predictions"
        if call.operation == "version":  # community models run by version; find the latest one
            body["version"] = await self._latest_version(model)
            return f"{self.base_url}/v1/predictions"
        return f"{self.base_url}/v1/models/{model}/predictions"

    async def _latest_version(self, model: str) -> str:
        if model not in self._versions:
            info = await self.request_json("GET", f"{self.base_url}/v1/models/{model}")
            version = (info.get("latest_version") or {}).get("id")
            if not version:
                raise ProviderJobFailed(f"Replicate has no runnable version of {model}", provider=self.label)
            self._versions[model] = version
        return self._versions[model]

    async def _wait(self, call: ProviderCall, prediction: dict[str, Any], started: float) -> dict[str, Any]:
        url = (prediction.get("urls") or {}).get("get") or f"{self.base_url}/v1/predictions/{prediction['id']}"

        async def fetch() -> dict[str, Any]:
            state = await self.request_json("GET", url)
            self._report(call, state)
            return state

        return await self.poll(call, fetch, lambda state: state.get("status") in _TERMINAL, started)

    def _report(self, call: ProviderCall, state: dict[str, Any]) -> None:
        percents = _TQDM_PERCENT.findall(state.get("logs") or "")
        if percents:
            call.progress(int(percents[-1]) / 100, "")
        elif state.get("status") == "starting":
            call.progress(None, "Replicate is starting the model")

    async def _cancel(self, prediction: dict[str, Any]) -> None:
        url = (prediction.get("urls") or {}).get(
            "cancel"
        ) or f"{self.base_url}/v1/predictions/{prediction['id']}/cancel"
        await self.request("POST", url, timeout=10)

    async def _result(self, call: ProviderCall, prediction: dict[str, Any]) -> ProviderResult:
        status = prediction.get("status")
        if status == "failed":
            raise ProviderJobFailed(
                f"Replicate could not run {call.title}: "
                f"{self.scrub(str(prediction.get('error') or 'no reason given'))}",
                provider=self.label,
            )
        if status == "canceled":
            raise ProviderJobFailed(
                f"the {call.title} prediction was cancelled on Replicate; run it again", provider=self.label
            )
        output = prediction.get("output")
        if call.output_kind == "text":
            return text_output(dig(output, call.output_path) if call.output_path else output)
        found = dig(output, call.output_path) if call.output_path else output
        reference = first_file_reference(found)
        if reference is None:
            raise ProviderOutputError(
                f"Replicate finished {call.title} without an output file"
                + (" (outputs are removed after an hour)" if prediction.get("data_removed") else ""),
                provider=self.label,
            )
        return await self.save_output(call, reference)

    async def _encode_file(self, call: ProviderCall, file: FileInput) -> str:
        data = self.read_file(call, file)
        if len(data) <= _DATA_URI_LIMIT:
            return data_uri(data, file.ref.mime)
        upload = await self.request_json(
            "POST", f"{self.base_url}/v1/files", files={"content": (f"{file.port}", data, file.ref.mime)}
        )
        url = (upload.get("urls") or {}).get("get")
        if not url:
            raise ProviderOutputError("Replicate accepted an upload but gave no URL for it", provider=self.label)
        return str(url)
