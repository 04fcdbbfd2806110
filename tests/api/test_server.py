"""The server around the API: health, node catalog, web app serving, loopback-only binding, /ai/infer, where it
finds the web app and the example templates."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import karate
from karate import config
from karate.config import Settings
from karate.server import UnsafeBindAddress, check_bind_address
from tests.api.conftest import RunningStudio
from tests.api.helpers import png_bytes


async def test_health_checks_database_and_storage(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    assert (await client.get("/health")).json()["status"] == "ok"
    health = (await client.get("/api/v1/health")).json()
    assert health["status"] == "ok"
    assert health["checks"]["database"]["ok"] and health["checks"]["storage"]["ok"]
    if not studio.settings.storage_url:  # a local folder says how much room is left; a bucket has no such limit
        assert health["checks"]["storage"]["free_bytes"] > 0


async def test_node_catalog_comes_from_the_registry(client: httpx.AsyncClient) -> None:
    nodes = {node["type"]: node for node in (await client.get("/api/v1/nodes")).json()["nodes"]}
    blur = nodes["tool.blur"]
    assert blur["category"] == "tools" and blur["version"] == 1
    assert [port["name"] for port in blur["inputs"]] == ["image", "mask"]
    assert blur["params_schema"]["properties"]["radius"]["maximum"] == 200


async def test_node_catalog_tells_the_editor_which_upscales_the_pixel_limit_refuses(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """The editor's Scale select marks the scales past the studio's pixel limit: the catalog sends the limit and how
    each upscaler (the Upscale tool, an upscaling model) enlarges."""
    catalog = (await client.get("/api/v1/nodes")).json()
    assert catalog["max_image_pixels"] == studio.settings.max_image_pixels
    nodes = {node["type"]: node for node in catalog["nodes"]}
    assert nodes["tool.upscale"]["upscaling"] == {
        "port": "image",
        "param": "scale",
        "scales": [{"scale": 2, "value": 2}, {"scale": 3, "value": 3}, {"scale": 4, "value": 4}],
    }
    assert nodes["model.google_upscaler"]["upscaling"]["scales"] == [
        {"scale": 2, "value": "x2"},
        {"scale": 4, "value": "x4"},
    ]
    assert "upscaling" not in nodes["tool.blur"]


async def test_node_catalog_labels_keep_acronyms_and_descriptions_read_as_paragraphs(client: httpx.AsyncClient) -> None:
    nodes = {node["type"]: node for node in (await client.get("/api/v1/nodes")).json()["nodes"]}
    assert nodes["input.image_url"]["params_schema"]["properties"]["url"]["title"] == "URL"
    assert nodes["tool.invert"]["description"] == (
        "Invert the colours (255 minus each of red, green and blue). Transparency is kept as it is; connect a mask "
        "to invert only part of the image."
    )  # one paragraph, wrapped by the tooltip, not at the docstring's margin


async def test_without_a_built_web_app_the_root_lists_the_catalog(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200 and "/api/v1/nodes" in page.text
    assert (await client.get("/api/v1/nothing-here")).status_code == 404
    docs = await client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "/api/v1/runs" in (await client.get("/openapi.json")).json()["paths"]


def test_only_loopback_addresses_are_allowed_in_local_mode() -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        assert check_bind_address(host) is False
    for host in ("0.0.0.0", "192.168.1.10", "example.com"):
        with pytest.raises(UnsafeBindAddress, match="local mode"):
            check_bind_address(host)


def test_accounts_come_on_beyond_loopback_unless_turned_off() -> None:
    assert check_bind_address("0.0.0.0", None) is True
    assert check_bind_address("127.0.0.1", None) is False
    assert check_bind_address("127.0.0.1", True) is True
    with pytest.raises(UnsafeBindAddress, match="KARATE_AUTH=true"):
        check_bind_address("192.168.1.10", False)


def test_the_web_app_and_examples_are_found_in_the_repository_wherever_the_studio_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("KARATE_EXAMPLES_DIR", "KARATE_WEB_DIST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # started from a folder that holds neither
    repository = Path(karate.__file__).resolve().parents[1]
    assert Settings().resolved_examples_dir == repository / "examples"  # this checkout's

    checkout = tmp_path / "checkout"
    for folder in ("examples", "web/dist"):
        (checkout / folder).mkdir(parents=True)
    monkeypatch.setattr(config, "PACKAGE_ROOT", checkout)
    settings = Settings()
    assert settings.resolved_examples_dir == checkout / "examples"
    assert settings.resolved_web_dist == checkout / "web/dist"

    # installed without the repository (a wheel in site-packages): under the folder it starts in, a container's WORKDIR
    monkeypatch.setattr(config, "PACKAGE_ROOT", tmp_path / "site-packages")
    assert (settings.resolved_examples_dir.resolve(), settings.resolved_web_dist.resolve()) == (
        tmp_path / "examples",
        tmp_path / "web/dist",
    )
    chosen = Settings(examples_dir=tmp_path / "mine", web_dist=tmp_path / "built")  # set, they are used as they are
    assert (chosen.resolved_examples_dir, chosen.resolved_web_dist) == (tmp_path / "mine", tmp_path / "built")


async def test_infer_refuses_model_ids_that_are_not_models(client: httpx.AsyncClient) -> None:
    for model in ("flux-pro", "tool.blur", "input.prompt"):
        response = await client.post("/api/v1/ai/infer", json={"model": model, "prompt": "a cat"})
        assert response.status_code == 422
        assert "GET /api/v1/nodes" in response.json()["detail"]


async def test_an_address_with_a_nul_character_is_not_found_in_words(client: httpx.AsyncClient) -> None:
    for path in ("/%00", "/dashboard%00.html", "/assets/%00"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "http_error" and "NUL character" in response.json()["detail"]
    assert (await client.get("/dashboard")).status_code == 200


async def test_head_on_an_asset_url_answers_its_headers_without_the_body(client: httpx.AsyncClient) -> None:
    data = png_bytes(40, 30)
    asset = (await client.post("/api/v1/assets", files={"file": ("a.png", data, "image/png")})).json()
    url = (await client.get(f"/api/v1/assets/{asset['id']}")).json()["url"]
    got, head = await client.get(url), await client.head(url)
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control", "accept-ranges"):
        assert head.headers[name] == got.headers[name], name
    assert int(head.headers["content-length"]) == len(data)
    assert (await client.head(url.replace("sig=", "sig=0")[:-1])).status_code == 403
    thumbnail, thumbnail_head = await client.get(url + "&size=16"), await client.head(url + "&size=16")
    assert thumbnail_head.status_code == 200 and thumbnail_head.content == b""
    assert thumbnail_head.headers["content-length"] == str(len(thumbnail.content))


async def test_local_mode_needs_no_sign_in_and_says_so(client: httpx.AsyncClient) -> None:
    me = (await client.get("/api/v1/auth/me")).json()
    assert me["mode"] == "local" and me["role"] == "owner" and me["csrf_token"] is None
    answer = await client.post("/api/v1/auth/login", json={"email": "a@example.com", "password": "whatever1"})
    assert answer.status_code == 409 and "local mode" in answer.json()["detail"]
