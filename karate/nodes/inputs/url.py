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

from karate.config import Settings
from karate.engine.messages import PATTERN_HINTS, WEB_ADDRESS_PATTERN, size_in_words
from karate.engine.values import Raster
from karate.sdk import ImageFile, InvalidInput, Node, NodeContext, Param, node
from karate.storage import media

_MAX_REDIRECTS = 5


class UnsafeUrl(InvalidInput):
    code = "unsafe_url"


# IPv6 forms that carry an IPv4 address, which a host may route to that IPv4 address (NAT64 translators,
# 6to4 relays, old stacks that treat IPv4-compatible addresses as IPv4): the carried address is checked too.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: a network's own translator, internal
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped, NAT64, 6to4, Teredo (server and client)
    and IPv4-compatible forms; [] for a plain IPv6 address."""
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip.teredo:
        return list(ip.teredo)
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def internal_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `ip` is inside the server's own network (loopback, private, link-local, metadata, reserved,
    multicast, or an IPv6 form carrying such an IPv4 address); None for a public address."""
    mapped = isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped  # judged by its IPv4 address alone
    if not mapped and (not ip.is_global or ip.is_multicast):
        return f"{ip}, an internal address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return f"{ip}, a local NAT64 address"
        for carried in embedded_ipv4(ip):
            if internal_address(carried):
                return f"{ip}, which carries the internal address {carried}"
    return None


async def resolve_public_address(host: str, port: int, *, allow_private: bool) -> str:
    """The first address of `host`, after checking that none of its addresses is internal."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:  # the system's reason ("Name or service not known") tells a person nothing more
        raise InvalidInput(f"Cannot find the host {host}; check the address, or your connection") from None
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private:
        for address in addresses:
            reason = internal_address(ipaddress.ip_address(address.split("%")[0]))
            if reason:
                raise UnsafeUrl(
                    f"The host {host} resolves to {reason}; only public addresses can be fetched (set "
                    "KARATE_ALLOW_PRIVATE_URLS=true to allow it on a trusted network)"
                )
    return addresses[0]


def _not_web_address(url: str, *, redirected: bool) -> str:
    """Why `url` can't be fetched (no http(s) scheme, or no host): the address typed, in the words the check
    before a run says it (its pattern's), or one the server redirected to."""
    if redirected:
        return (
            f"The address redirects to {url}, which is not an http:// or https:// address; download the image "
            "and upload the file"
        )
    return PATTERN_HINTS[WEB_ADDRESS_PATTERN].format(Label="URL")


async def fetch_image(url: str, settings: Settings) -> bytes:
    import httpx  # here, not at the top: `karate run` of a graph without this node never loads it

    first = url
    async with httpx.AsyncClient(timeout=settings.url_timeout, follow_redirects=False) as client:
        for _ in range(_MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise InvalidInput(_not_web_address(url, redirected=url != first))
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = await resolve_public_address(parts.hostname, port, allow_private=settings.allow_private_urls)
            host_literal = f"[{address}]" if ":" in address else address
            pinned = parts._replace(netloc=f"{host_literal}:{port}").geturl()
            headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "Accept": "image/*"}
            request = client.build_request("GET", pinned, headers=headers, extensions={"sni_hostname": parts.hostname})
            response = await client.send(request, stream=True)
            try:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise InvalidInput(
                        f"The server answered HTTP {response.status_code} for {url}; check that the "
                        "address opens the image in a browser, or download it and upload the file"
                    )
                declared = int(response.headers.get("content-length") or 0)
                if declared > settings.url_max_bytes:
                    raise InvalidInput(
                        f"The image is {size_in_words(declared)}, over the limit of "
                        f"{size_in_words(settings.url_max_bytes)}; raise KARATE_URL_MAX_BYTES to "
                        "allow it"
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > settings.url_max_bytes:
                        raise InvalidInput(
                            f"The image is over the limit of {size_in_words(settings.url_max_bytes)}; "
                            "raise KARATE_URL_MAX_BYTES to allow it"
                        )
                return bytes(body)
            finally:
                await response.aclose()
    raise InvalidInput(f"The address redirects more than {_MAX_REDIRECTS} times; use the image's final address")


@node("input.image_url", title="Image from URL", category="inputs")
class ImageFromUrl(Node):
    """Download an image from an http(s) address. It is fetched again on every run."""

    url: str = Param(
        "",
        max_length=4096,
        pattern=WEB_ADDRESS_PATTERN,
        description=f"http:// or https:// address of a {media.READABLE} image",
        example="https://example.com/photo.jpg",
    )
    outputs = {"image": ImageFile}
    volatile = True
    timeout = 120

    async def run(self, ctx: NodeContext) -> Raster:
        import httpx

        settings = ctx.services.settings
        try:
            data = await asyncio.wait_for(fetch_image(self.url, settings), settings.url_timeout)
        except (TimeoutError, httpx.TimeoutException):
            raise InvalidInput(
                f"The address {self.url} did not answer within {settings.url_timeout:g} s; try again, or download the "
                "image and upload the file"
            ) from None
        except httpx.ConnectError:  # refused or unreachable; httpx's text is the system's ("[Errno 111] ...")
            raise InvalidInput(
                f"Could not connect to {urlsplit(self.url).hostname}; check the address, or your connection"
            ) from None
        except httpx.HTTPError as error:
            raise InvalidInput(
                f"Could not download {self.url} ({error}); try again, or download it and upload the file"
            ) from None
        try:  # the same door as uploads: type, pixel limit and completeness, before it is stored
            checked, pixels = await asyncio.to_thread(media.admit_image, data, settings.max_image_pixels)
        except media.MediaError as error:
            raise InvalidInput(f"The image at {self.url} can't be used: {error.message}") from None
        return Raster(array=pixels, asset=ctx.store.put_bytes(data, checked.mime))  # decoded once, here
