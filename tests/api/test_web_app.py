"""The built web app (web/dist) served at / with single-page-app fallback."""

from __future__ import annotations

import httpx
import pytest

from karate.config import Settings


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    dist = studio_settings.resolved_web_dist
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=root>editor</div>")
    (dist / "assets" / "app-1234.js").write_text("console.log('editor')")
    return studio_settings


async def test_built_web_app_is_served_with_spa_fallback(client: httpx.AsyncClient) -> None:
    script = await client.get("/assets/app-1234.js")
    assert script.text == "console.log('editor')" and "immutable" in script.headers["cache-control"]
    for path in ("/", "/editor/abc", "/dashboard"):
        page = await client.get(path)
        assert page.status_code == 200 and "editor</div>" in page.text
    assert (await client.get("/%2e%2e/%2e%2e/pyproject.toml")).text.startswith("<!doctype html>")
    assert (await client.get("/api/v1/unknown")).status_code == 404
