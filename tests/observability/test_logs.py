"""KARATE_LOG_FORMAT=json: one JSON object per line with the spec's fields (timestamp, level, service, event,
user_id, data); the user is the one whose request is answered; secrets are scrubbed from the message, the
extras and the exception (provider keys from the settings, API keys, tokens, passwords, Authorization)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from pydantic import SecretStr

from karate.api.deps import UserDep
from karate.app import create_app
from karate.config import Settings
from karate.observability.logs import SpecJsonFormatter
from karate.services.redaction import install_scrubber
from tests.local_server import LocalServer

PROVIDER_KEY = "sk-proj-provider-key-that-must-not-leak-42"
log = logging.getLogger("karate.tests.logs")


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """What a JSON handler on the test logger writes (with the scrubber of settings holding a provider key)."""
    scrubber = install_scrubber(Settings(openai_api_key=SecretStr(PROVIDER_KEY)))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SpecJsonFormatter("studio", scrubber))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    yield stream
    log.removeHandler(handler)


def parsed(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_has_the_spec_fields(lines: io.StringIO) -> None:
    log.info("ticket handled", extra={"user_id": "user-123", "data": {"ticket_id": "t-456", "response_time_ms": 450}})
    (line,) = parsed(lines)
    assert set(line) == {"timestamp", "level", "service", "event", "user_id", "data"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])
    assert (line["level"], line["service"], line["event"], line["user_id"]) == (
        "info",
        "studio",
        "ticket handled",
        "user-123",
    )
    assert line["data"] == {"logger": "karate.tests.logs", "ticket_id": "t-456", "response_time_ms": 450}


def test_secrets_are_scrubbed_from_message_extras_and_exception(lines: io.StringIO) -> None:
    try:
        raise RuntimeError(f"the provider refused {PROVIDER_KEY}")
    except RuntimeError:
        log.exception(
            "calling %s with Authorization: Bearer abc.def.ghi and x-api-key: ksk_live_0123456789",
            "https://user:hunter2hunter2@db.example.com/karate",
            extra={"data": {"password": "pw-in-a-field", "headers": {"Authorization": "Basic Zm9vOmJhcg=="}}},
        )
    text = lines.getvalue()
    for secret in (PROVIDER_KEY, "abc.def.ghi", "ksk_live_0123456789", "hunter2hunter2", "pw-in-a-field", "Zm9vOmJhcg"):
        assert secret not in text, secret
    (line,) = parsed(lines)
    assert line["level"] == "error" and "[redacted]" in line["event"]
    assert "RuntimeError: the provider refused [redacted]" in line["data"]["exc_info"]
    assert line["data"]["password"] == "[redacted]" and line["data"]["headers"]["Authorization"] == "[redacted]"


def test_a_studio_logging_json_names_the_user_of_the_request(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        examples_dir=tmp_path / "examples",
        web_dist=tmp_path / "no-web-dist",
        log_format="json",
        openai_api_key=SecretStr(PROVIDER_KEY),
    )
    app = create_app(settings)
    router = APIRouter()

    @router.get("/api/v1/test-log")
    async def logs_something(user_id: UserDep) -> dict[str, str]:
        logging.getLogger("karate.tests").warning("key %s used", PROVIDER_KEY, extra={"data": {"step": 1}})
        await asyncio.create_task(log_from_another_task())  # e.g. a run it started: nobody's request
        return {"user_id": user_id}

    async def log_from_another_task() -> None:
        logging.getLogger("karate.tests").warning("a task the request started", extra={"data": {"step": 2}})

    app.include_router(router)
    app.router.routes.insert(0, app.router.routes.pop())  # before the web app's catch-all route
    root = logging.getLogger()
    level = root.level
    try:
        with LocalServer(app, "json-logging studio", lifespan="on") as server:
            user_id = httpx.get(f"{server.url}/api/v1/test-log").json()["user_id"]
    finally:
        for handler in [h for h in root.handlers if getattr(h, "karate.json_handler", False)]:
            root.removeHandler(handler)
        root.setLevel(level)
    err = capfd.readouterr().err
    assert PROVIDER_KEY not in err
    ours = [json.loads(line) for line in err.splitlines() if '"karate.tests"' in line]
    assert len(ours) == 2, err
    assert ours[0]["user_id"] == user_id and ours[0]["event"] == "key [redacted] used"
    assert ours[0]["service"] == "studio" and ours[0]["data"] == {"logger": "karate.tests", "step": 1}
    assert ours[1]["user_id"] is None and ours[1]["data"]["step"] == 2
