"""Google Gemini API: generateContent (Nano Banana images, text and vision), Imagen predict, and Veo
long-running operations whose video is downloaded from the Files API."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import httpx

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import (
    ProviderAuthError,
    ProviderError,
    ProviderJobFailed,
    ProviderOutputError,
    ProviderRejected,
)
from karate.providers.files import replace_files
from karate.providers.transfer import decode_base64


class GoogleAdapter(ProviderAdapter):
    name = "google"
    label = "Google Gemini"
    key_setting = "gemini_api_key"
    base_url_setting = "google_base_url"

    def auth_headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self.key}

    def error_for(self, response: httpx.Response) -> ProviderError:
        # Google answers a wrong key with 400 INVALID_ARGUMENT, not 401
        if response.status_code == 400 and "API_KEY_INVALID" in response.text:
            return ProviderAuthError(
                f"Google refused the key ({self.error_detail(response)}); check {self.key_env}", provider=self.label
            )
        return super().error_for(response)

    async def run(self, call: ProviderCall) -> ProviderResult:
        if call.operation == "predict":
            return await self._imagen(call)
        if call.operation == "predict_long_running":
            return await self._veo(call)
        return await self._generate_content(call)

    def _inline(self, call: ProviderCall, file: FileInput) -> dict[str, str]:
        return {"mimeType": file.ref.mime, "data": base64.b64encode(self.read_file(call, file)).decode("ascii")}

    async def _generate_content(self, call: ProviderCall) -> ProviderResult:
        parts: list[dict[str, Any]] = [{"text": str(call.body.get("prompt") or "")}]
        parts += [{"inlineData": self._inline(call, image)} for image in call.body.get("images") or []]
        config: dict[str, Any] = {}
        if call.output_kind == "image":
            config["responseModalities"] = ["TEXT", "IMAGE"]
            if call.body.get("aspect_ratio"):
                config["imageConfig"] = {"aspectRatio": call.body["aspect_ratio"]}
        else:
            if call.body.get("max_tokens"):
                config["maxOutputTokens"] = int(call.body["max_tokens"])
            if call.body.get("temperature") is not None:
                config["temperature"] = call.body["temperature"]
        body: dict[str, Any] = {"contents": [{"role": "user", "parts": parts}], "generationConfig": config}
        if call.body.get("system"):
            body["systemInstruction"] = {"parts": [{"text": call.body["system"]}]}
        response = await self.request_json("POST", f"{self.base_url}/models/{call.model}:generateContent", json=body)
        candidates = response.get("candidates") or []
        out_parts = ((candidates[0].get("content") or {}).get("parts") or []) if candidates else []
        if call.output_kind == "text":
            return "".join(str(part.get("text", "")) for part in out_parts)
        for part in out_parts:
            inline = part.get("inlineData") or part.get("inline_data")
            if inline and inline.get("data"):
                return await self.save_output(call, decode_base64(inline["data"]))
        reason = (
            candidates[0].get("finishReason")
            if candidates
            else (response.get("promptFeedback") or {}).get("blockReason")
        )
        raise ProviderRejected(
            f"Google returned no image for {call.title} (reason: {reason or 'none given'}); rephrase the prompt",
            provider=self.label,
        )

    async def _imagen(self, call: ProviderCall) -> ProviderResult:
        body = await replace_files(call.body, lambda file: self._bytes_field(call, file))
        response = await self.request_json("POST", f"{self.base_url}/models/{call.model}:predict", json=body)
        for prediction in response.get("predictions") or []:
            if prediction.get("bytesBase64Encoded"):
                return await self.save_output(call, decode_base64(prediction["bytesBase64Encoded"]))
        reasons = [p.get("raiFilteredReason") for p in response.get("predictions") or [] if p.get("raiFilteredReason")]
        raise ProviderRejected(
            f"Google filtered the {call.title} result"
            + (f": {reasons[0]}" if reasons else "")
            + "; rephrase the prompt",
            provider=self.label,
        )

    async def _bytes_field(self, call: ProviderCall, file: FileInput) -> dict[str, str]:
        return {
            "bytesBase64Encoded": base64.b64encode(self.read_file(call, file)).decode("ascii"),
            "mimeType": file.ref.mime,
        }

    async def _veo(self, call: ProviderCall) -> ProviderResult:
        body = await replace_files(call.body, lambda file: self._bytes_field(call, file))
        started = asyncio.get_running_loop().time()
        operation = await self.request_json(
            "POST", f"{self.base_url}/models/{call.model}:predictLongRunning", json=body
        )
        name = operation.get("name")
        if not name:
            raise ProviderOutputError("Google accepted the video job but returned no operation", provider=self.label)
        url = f"{self.base_url}/{name}"

        async def fetch() -> dict[str, Any]:
            state = await self.request_json("GET", url)
            if not state.get("done"):
                call.progress(None, "Veo is generating")
            return state

        state = await self.guard(
            self.poll(call, fetch, lambda s: bool(s.get("done")), started),
            lambda: self.request("POST", f"{url}:cancel", timeout=10),
        )
        if state.get("error"):
            raise ProviderJobFailed(
                f"Google could not run {call.title}: "
                f"{self.scrub(str(state['error'].get('message', 'no reason given')))}",
                provider=self.label,
            )
        result = (state.get("response") or {}).get("generateVideoResponse") or {}
        samples = result.get("generatedSamples") or []
        if not samples:
            reasons = result.get("raiMediaFilteredReasons") or []
            raise ProviderRejected(
                f"Google filtered the {call.title} video"
                + (f": {reasons[0]}" if reasons else "")
                + "; rephrase the prompt",
                provider=self.label,
            )
        video = samples[0].get("video") or {}
        if video.get("encodedVideo"):
            return await self.save_output(call, decode_base64(video["encodedVideo"]))
        if not video.get("uri"):
            raise ProviderOutputError(f"Google finished {call.title} without a video", provider=self.label)
        # generated files live behind the API and need the key to download
        return await self.download(call, str(video["uri"]), headers=self.auth_headers())
