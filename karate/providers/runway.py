"""Runway: task creation (image_to_video, text_to_image, video_to_video, ...), polling and cancel."""

from __future__ import annotations

from typing import Any

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderJobFailed, ProviderOutputError, ProviderRejected
from karate.providers.files import replace_files
from karate.providers.transfer import data_uri

API_VERSION = "2024-11-06"
_DATA_URI_LIMIT = 5 * 1024 * 1024  # Runway's limit for inputs sent inline
_TERMINAL = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})


class RunwayAdapter(ProviderAdapter):
    name = "runway"
    label = "Runway"
    key_setting = "runwayml_api_secret"
    base_url_setting = "runway_base_url"

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", "X-Runway-Version": API_VERSION}

    async def run(self, call: ProviderCall) -> ProviderResult:
        body = await replace_files(call.body, lambda file: self._inline(call, file))
        body.setdefault("model", call.model)
        task = await self.run_job(
            call,
            f"{self.base_url}/v1/{call.operation}",
            body,
            noun="task",
            job_url=lambda task_id: f"{self.base_url}/v1/tasks/{task_id}",
            finished=lambda task: task.get("status") in _TERMINAL,
            report=lambda task: _report(call, task),
        )
        if task["status"] != "SUCCEEDED":
            reason = task.get("failure") or task["status"].lower()
            code = f" [{task['failureCode']}]" if task.get("failureCode") else ""
            raise ProviderJobFailed(
                f"Runway could not run {call.title}: {self.scrub(str(reason))}{code}", provider=self.label
            )
        outputs = task.get("output") or []
        if not outputs:
            raise ProviderOutputError(f"Runway finished {call.title} without an output", provider=self.label)
        return await self.save_output(call, str(outputs[0]))

    async def _inline(self, call: ProviderCall, file: FileInput) -> str:
        data = self.read_file(call, file)
        if len(data) > _DATA_URI_LIMIT:
            raise ProviderRejected(
                f"Runway takes input files up to 5 MB; the {file.port} is "
                f"{len(data) / 1024**2:.1f} MB, resize it first",
                provider=self.label,
            )
        return data_uri(data, file.ref.mime)


def _report(call: ProviderCall, task: dict[str, Any]) -> None:
    if task.get("status") == "RUNNING" and task.get("progress") is not None:
        call.progress(float(task["progress"]), "")
    elif task.get("status") == "THROTTLED":
        call.progress(None, "waiting for a free Runway slot")
