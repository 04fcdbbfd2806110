"""A studio safe on a network: security headers on every answer, CORS only for KARATE_CORS_ORIGINS, secrets
scrubbed from the logs; and local mode, the owner's own studio, limits nothing."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from starlette.responses import PlainTextResponse

from karate.api.security import PageHeaders, UnsafeCorsOrigins
from karate.app import create_app
from karate.config import Settings
from karate.services.redaction import REDACTED, install_scrubber
from tests.api.helpers import png_bytes

APP_ORIGIN = "https://app.example.test"


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    return studio_settings.model_copy(update={"cors_origins": [APP_ORIGIN], "requests_per_minute": 1})


async def test_every_answer_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    answers = [
        await client.get("/api/v1/health"),
        await client.get("/api/v1/no-such-thing"),
        await client.get("/api/v1/health", headers={"host": "evil.example"}),  # refused by the host check
    ]
    assert [answer.status_code for answer in answers] == [200, 404, 400]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "same-origin"
        assert "camera=()" in answer.headers["permissions-policy"]
        assert "strict-transport-security" not in answer.headers  # plain http: HSTS would mean nothing


async def test_strict_transport_security_is_sent_over_https() -> None:
    app = PageHeaders(PlainTextResponse("ok"))
    for scheme, expected in (("https", True), ("http", False)):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"{scheme}://studio.test") as http:
            answer = await http.get("/")
        assert ("max-age=" in answer.headers.get("strict-transport-security", "")) is expected


async def test_cors_answers_the_configured_origin_only(client: httpx.AsyncClient) -> None:
    preflight = await client.options(
        "/api/v1/workflows",
        headers={
            "origin": APP_ORIGIN,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, x-csrf-token",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == APP_ORIGIN
    assert preflight.headers["access-control-allow-credentials"] == "true"
    made = await client.post("/api/v1/workflows", json={"title": "from the app"}, headers={"origin": APP_ORIGIN})
    assert made.status_code == 201 and made.headers["access-control-allow-origin"] == APP_ORIGIN

    foreign = await client.post("/api/v1/workflows", json={"title": "x"}, headers={"origin": "https://evil.test"})
    assert foreign.status_code == 403 and "access-control-allow-origin" not in foreign.headers
    assert "KARATE_ALLOWED_ORIGINS" in foreign.json()["detail"]
    foreign_preflight = await client.options(
        "/api/v1/workflows", headers={"origin": "https://evil.test", "access-control-request-method": "POST"}
    )
    assert "access-control-allow-origin" not in foreign_preflight.headers


@pytest.mark.parametrize("origin", ["*", "https://*.example.com", "app.example.com", "https://a.test/path"])
def test_cors_origins_must_be_named_exactly(tmp_path: Path, origin: str) -> None:
    with pytest.raises(UnsafeCorsOrigins, match="exact web origins"):
        create_app(Settings(data_dir=tmp_path, web_dist=tmp_path / "none", cors_origins=[origin]))


async def test_local_mode_limits_nothing_for_the_owner(client: httpx.AsyncClient) -> None:
    for seed in range(3):  # KARATE_REQUESTS_PER_MINUTE is 1 here
        answer = await client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(seed=seed), "image/png")})
        assert answer.status_code == 201


def test_logs_are_scrubbed_of_secrets(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        web_dist=tmp_path / "none",
        openai_api_key=SecretStr("openai-secret-value-123"),
        stripe_webhook_secret=SecretStr("whsec_abcdef0123456789"),
        signing_secret="a-signing-secret-42",
    )
    create_app(settings)  # installs the scrubber for this process, with these settings' secrets
    log = logging.getLogger("karate.test")
    lines = [
        "calling with key openai-secret-value-123",
        "headers: {'cookie': 'karate_session=abc123def', 'authorization': 'Bearer eyJhbGciOi.x.y'}",
        "raw scope headers [(b'x-api-key', b'ksk_AbCdEf123456')]",
        "stripe sk_live_51Habcdef and sk_test_51Hxyz and whsec_abcdef0123456789",
        "database postgresql+asyncpg://karate:hunter2pass@db:5432/karate",
        "GET /api/v1/assets/abc/content?exp=1&sig=0123456789abcdef0123456789abcdef HTTP/1.1",
        "signed with a-signing-secret-42",
    ]
    with caplog.at_level(logging.INFO, logger="karate.test"):
        for line in lines:
            log.info("%s", line)
        try:
            raise RuntimeError("provider refused key openai-secret-value-123 (ksk_leaked0key)")
        except RuntimeError:
            log.exception("a node failed")
    text = caplog.text
    for secret in (
        "openai-secret-value-123",
        "abc123def",
        "eyJhbGciOi",
        "ksk_AbCdEf123456",
        "ksk_leaked0key",
        "51Habcdef",
        "51Hxyz",
        "abcdef0123456789",
        "hunter2pass",
        "0123456789abcdef0123456789abcdef",
        "a-signing-secret-42",
    ):
        assert secret not in text, secret
    assert text.count(REDACTED) >= 10
    assert "postgresql+asyncpg://karate:[redacted]@db:5432/karate" in text
    assert "a node failed" in text and "RuntimeError: provider refused key" in text


def test_the_scrubber_leaves_ordinary_lines_alone() -> None:
    scrubber = install_scrubber(Settings())
    for line in ("run 3fa9 finished: 4 nodes, 2 cached, 1.2 s", "GET /api/v1/runs?limit=50 HTTP/1.1 200"):
        assert scrubber.scrub(line) == line


def test_an_access_line_keeps_its_arguments_for_uvicorns_formatter(caplog: pytest.LogCaptureFixture) -> None:
    install_scrubber(Settings())
    access = logging.getLogger("uvicorn.access")
    path = "/api/v1/assets/abc/content?exp=1&sig=0123456789abcdef0123456789abcdef"
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200)
    record = caplog.records[-1]
    client, method, full_path, version, status = record.args  # type: ignore[misc]  # uvicorn unpacks them so
    assert (client, method, version, status) == ("127.0.0.1:5000", "GET", "1.1", 200)
    assert "0123456789abcdef0123456789abcdef" not in full_path and "/content?exp=1" in full_path
