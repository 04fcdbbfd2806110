"""A studio behind a proxy that ends TLS (KARATE_PUBLIC_URL=https://...): the proxy forwards plain http, yet the
studio accepts its public name and the pages' https origin, and marks sign-in cookies Secure; other names and
origins are still refused."""

from __future__ import annotations

import httpx
import pytest

from karate.config import Settings
from tests.api.accounts import PASSWORD
from tests.api.conftest import RunningStudio

PUBLIC = "https://studio.example.com"


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    return studio_settings.model_copy(update={"auth": True, "public_url": PUBLIC})


async def test_the_public_name_and_origin_pass_and_the_session_cookie_is_secure(studio: RunningStudio) -> None:
    as_proxied = {"Host": "studio.example.com", "Origin": PUBLIC}
    async with httpx.AsyncClient(base_url=studio.url, timeout=30) as browser:
        answer = await browser.post(
            "/api/v1/auth/signup",
            json={"email": "proxied@example.com", "password": PASSWORD, "name": "Proxied"},
            headers=as_proxied,
        )
        assert answer.status_code == 201, answer.text
        cookie = answer.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie
        foreign = await browser.post(
            "/api/v1/auth/login",
            json={"email": "proxied@example.com", "password": PASSWORD},
            headers={"Host": "studio.example.com", "Origin": "https://elsewhere.example.com"},
        )
        assert foreign.status_code == 403 and "KARATE_ALLOWED_ORIGINS" in foreign.json()["detail"]
        other_name = await browser.get("/api/v1/health", headers={"Host": "evil.example.com"})
        assert other_name.status_code == 400
