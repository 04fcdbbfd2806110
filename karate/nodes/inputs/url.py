"""Fetch an image from a web address, refusing addresses inside the server's own network.

Every address the host name resolves to is checked (loopback, private, link-local, cloud metadata and
other reserved ranges are refused unless KARATE_ALLOW_PRIVATE_URLS is set), and the connection goes
to the checked address, so a second DNS answer cannot redirect it. Redirects are followed by hand and
checked the same way. The download is bounded in size and time.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from karate.config import Settings, get_settings
from karate.sdk import AssetRef, ImageFile, InvalidInput, Node, NodeContext, Param, node

_MAX_REDIRECTS = 5


class UnsafeUrl(InvalidInput):
    code = "unsafe_url"


async def resolve_public_address(host: str, port: int, *, allow_private: bool) -> str:
    """The first address of `host`, after checking that none of its addresses is internal."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise InvalidInput(f"cannot find the host {host!r} ({error.strerror}); check the address") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
                ip = ip.ipv4_mapped
            if not ip.is_global or ip.is_multicast:
                raise UnsafeUrl(f"{host} resolves to {ip}, an internal address; only public addresses can be "
                                "fetched (set KARATE_ALLOW_PRIVATE_URLS=true to allow it on a trusted network)")
    return addresses[0]


async def fetch_image(url: str, settings: Settings) -> bytes:
    async with httpx.AsyncClient(timeout=settings.url_timeout, follow_redirects=False) as client:
        for _ in range(_MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise InvalidInput("the address must start with http:// or https://")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = await resolve_public_address(parts.hostname, port, allow_private=settings.allow_private_urls)
            host_literal = f"[{address}]" if ":" in address else address
            pinned = parts._replace(netloc=f"{host_literal}:{port}").geturl()
            headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "Accept": "image/*"}
            request = client.build_request("GET", pinned, headers=headers,
                                           extensions={"sni_hostname": parts.hostname})
            response = await client.send(request, stream=True)
            try:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise InvalidInput(f"the server answered HTTP {response.status_code} for {url}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > settings.url_max_bytes:
                    raise InvalidInput(f"the image is {declared} bytes, over the limit of {settings.url_max_bytes}")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > settings.url_max_bytes:
                        raise InvalidInput(f"the image is over the limit of {settings.url_max_bytes} bytes")
                return bytes(body)
            finally:
                await response.aclose()
    raise InvalidInput(f"more than {_MAX_REDIRECTS} redirects; use the image's final address")


@node("input.image_url", title="Image from URL", category="inputs")
class ImageFromUrl(Node):
    """Download an image from an http(s) address. It is fetched again on every run."""

    url: str = Param("", max_length=4096, description="http:// or https:// address of a PNG, JPEG or WebP")
    outputs = {"image": ImageFile}
    volatile = True
    timeout = 120

    async def run(self, ctx: NodeContext) -> AssetRef:
        settings: Settings = ctx.services.get("settings") or get_settings()
        try:
            data = await asyncio.wait_for(fetch_image(self.url, settings), settings.url_timeout)
        except (TimeoutError, httpx.TimeoutException):
            raise InvalidInput(f"{self.url} did not answer within {settings.url_timeout:g} s") from None
        except httpx.HTTPError as error:
            raise InvalidInput(f"could not download {self.url}: {error}") from None
        ref = ctx.store.put_bytes(data)
        if not ref.mime.startswith("image/") or ref.mime == "image/svg+xml":
            raise InvalidInput(f"{self.url} is not a PNG, JPEG, WebP, GIF or BMP image ({ref.mime})")
        return ref
