"""input.image_url's address filter: internal addresses are refused in every IPv6 form that carries one
(IPv4-mapped, NAT64, 6to4, Teredo, IPv4-compatible), public ones pass, and a host that cannot be found is
refused in words that say what to do; an address that is not http(s) is refused before a run, in the words the
editor shows as it is typed."""

from __future__ import annotations

import asyncio
import socket

import pytest

from karate.engine.errors import InvalidInput
from karate.engine.graph_check import check_params
from karate.engine.registry import load_builtin_nodes
from karate.nodes.inputs.url import UnsafeUrl, resolve_public_address

INTERNAL = {
    "127.0.0.1": "127.0.0.1, an internal address",
    "169.254.169.254": "169.254.169.254, an internal address",
    "::1": "::1, an internal address",
    "fe80::1": "fe80::1, an internal address",
    "::ffff:127.0.0.1": "::ffff:7f00:1, which carries the internal address 127.0.0.1",
    "::ffff:10.0.0.1": "::ffff:a00:1, which carries the internal address 10.0.0.1",
    "64:ff9b::127.0.0.1": "64:ff9b::7f00:1, which carries the internal address 127.0.0.1",
    "64:ff9b::169.254.169.254": "64:ff9b::a9fe:a9fe, which carries the internal address 169.254.169.254",
    "64:ff9b::192.168.1.1": "64:ff9b::c0a8:101, which carries the internal address 192.168.1.1",
    "64:ff9b:1::808:808": "64:ff9b:1::808:808, a local NAT64 address",
    "2002:7f00:1::1": "2002:7f00:1::1, which carries the internal address 127.0.0.1",
    "2002:a9fe:a9fe::": "2002:a9fe:a9fe::, which carries the internal address 169.254.169.254",
    "::127.0.0.1": "::7f00:1, which carries the internal address 127.0.0.1",
    "::10.1.2.3": "::a01:203, which carries the internal address 10.1.2.3",
    # Teredo (server 65.54.227.120, client 127.0.0.1): the whole 2001::/32 range is refused
    "2001:0:4136:e378:8000:63bf:80ff:fffe": "2001:0:4136:e378:8000:63bf:80ff:fffe, an internal address",
    "2001:0:808:808::f7f7:f7f7": "2001:0:808:808::f7f7:f7f7, an internal address",
}

PUBLIC = ["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1"]


@pytest.mark.parametrize("address", sorted(INTERNAL))
async def test_internal_addresses_are_refused_in_every_form(address: str) -> None:
    with pytest.raises(UnsafeUrl) as refused:
        await resolve_public_address(address, 80, allow_private=False)
    assert str(refused.value) == (
        f"The host {address} resolves to {INTERNAL[address]}; only public addresses can be fetched "
        "(set KARATE_ALLOW_PRIVATE_URLS=true to allow it on a trusted network)"
    )
    assert await resolve_public_address(address, 80, allow_private=True)


@pytest.mark.parametrize("address", PUBLIC)
async def test_public_addresses_pass_in_every_form(address: str) -> None:
    assert await resolve_public_address(address, 80, allow_private=False)


async def test_a_host_that_cannot_be_found_says_what_to_check_without_the_systems_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def offline(*args: object, **kwargs: object) -> list[object]:  # as getaddrinfo fails with no network
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", offline)
    with pytest.raises(InvalidInput) as refused:
        await resolve_public_address("example.com", 443, allow_private=False)
    assert str(refused.value) == "Cannot find the host example.com; check the address, or your connection"
    assert refused.value.code == "invalid_input"


NOT_A_WEB_ADDRESS = "URL must be a web address starting with http:// or https://, such as https://example.com/photo.jpg"


@pytest.mark.parametrize("url", ["", "www.example.com/cat.png", "ftp://example.com/cat.png", "https://", "http:/x"])
def test_an_address_that_is_not_http_is_refused_before_the_run_in_the_words_the_editor_shows(url: str) -> None:
    image_url = next(cls for cls in load_builtin_nodes() if cls.spec.type == "input.image_url")
    problems = check_params("url-1", image_url, {"url": url})
    assert [(p.code, p.field, p.message) for p in problems] == [("invalid_param", "url", NOT_A_WEB_ADDRESS)]
    schema = image_url.spec.to_json()["params_schema"]["properties"]["url"]
    assert schema["pattern_message"] == NOT_A_WEB_ADDRESS  # what the editor says as the address is typed
    assert schema["examples"] == ["https://example.com/photo.jpg"]


@pytest.mark.parametrize("url", ["https://example.com/cat.png", "HTTP://Example.com", "http://[::1]:8080/a.png"])
def test_a_web_address_passes_the_check_before_the_run(url: str) -> None:
    image_url = next(cls for cls in load_builtin_nodes() if cls.spec.type == "input.image_url")
    assert check_params("url-1", image_url, {"url": url}) == []
