"""The local studio is not open to every web page: only its own host names, only its own pages' requests
(WebSocket handshakes included), bounded request bodies, and pages no other site can frame."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from karate.api.security import SameOriginOnly, page_policy, trusted_hosts
from karate.config import Settings
from karate.engine.messages import size_in_words
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes

FOREIGN = "http://evil.example"


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    return studio_settings.model_copy(
        update={
            "max_request_bytes": 256 * 1024,
            "max_graph_nodes": 40,
            "max_graph_edges": 45,
            "allowed_hosts": ["studio.lan"],
            "allowed_origins": ["http://localhost:5173"],
        }
    )


def own_origin(studio: RunningStudio) -> str:
    return studio.url


async def a_run(client: httpx.AsyncClient) -> str:
    upload = await client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(), "image/png")})
    response = await client.post("/api/v1/runs", json={"workflow": chain_document(upload.json()["id"])})
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


# --- host names (DNS rebinding) ---------------------------------------------------------------------


async def test_a_foreign_host_name_is_refused_on_reads_and_writes(client: httpx.AsyncClient) -> None:
    for method, path in (
        ("GET", "/api/v1/workflows"),
        ("GET", "/"),
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/workflows"),
        ("DELETE", "/api/v1/workflows/" + "0" * 32),
    ):
        response = await client.request(
            method, path, headers={"Host": "evil.example"}, json={} if method == "POST" else None
        )
        assert response.status_code == 400, (method, path)
        body = response.json()
        assert body["code"] == "untrusted_host"
        assert "evil.example" in body["detail"] and "KARATE_ALLOWED_HOSTS" in body["detail"]
    assert (await client.get("/api/v1/workflows")).status_code == 200


async def test_a_load_balancers_health_checks_pass_under_the_servers_address(client: httpx.AsyncClient) -> None:
    as_balancer = {"Host": "10.0.3.17:8000"}  # it names the task by its address, not the studio's name
    assert (await client.get("/health", headers=as_balancer)).json()["status"] == "ok"
    assert (await client.get("/ready", headers=as_balancer)).status_code == 200
    assert (await client.get("/api/v1/workflows", headers=as_balancer)).status_code == 400  # only those two


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST", "studio.lan"])
async def test_the_studio_answers_under_its_own_names_with_any_port(client: httpx.AsyncClient, host: str) -> None:
    for host_header in (host, f"{host}:8000"):
        response = await client.get("/api/v1/workflows", headers={"Host": host_header})
        assert response.status_code == 200, host_header


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1.evil.example", "localhost.evil.example", "studio.lan.evil", "0.0.0.0", "[::2]", "evil.example:8000"],
)
async def test_names_that_only_look_like_the_studios_are_refused(client: httpx.AsyncClient, host: str) -> None:
    response = await client.get("/api/v1/workflows", headers={"Host": host})
    assert response.status_code == 400 and response.json()["code"] == "untrusted_host"


def test_the_bound_host_and_allowed_hosts_join_the_loopback_names() -> None:
    assert trusted_hosts(["Studio.LAN"], "127.0.0.2") == ["127.0.0.1", "localhost", "[::1]", "127.0.0.2", "studio.lan"]
    assert trusted_hosts([], "::1") == ["127.0.0.1", "localhost", "[::1]"]


@pytest.mark.parametrize("endpoint", ["run events", "co-editing"])
async def test_a_websocket_under_a_foreign_host_name_is_refused(
    client: httpx.AsyncClient, studio: RunningStudio, endpoint: str
) -> None:
    if endpoint == "run events":
        path = f"/api/v1/runs/{await a_run(client)}/events"
    else:  # served before the API's routes (karate.api.collab.CollabSockets), behind the same checks
        document = {"schema_version": 1, "nodes": [], "edges": []}
        workflow = (await client.post("/api/v1/workflows", json={"title": "w", "document": document})).json()
        path = f"/api/v1/collab/{workflow['id']}"
    handshake = (
        f"GET {path} HTTP/1.1\r\nHost: {{host}}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    refused, _ = await _raw_request(studio, handshake.format(host="evil.example"))
    assert refused.startswith("HTTP/1.1 400") and '"untrusted_host"' in refused
    accepted = await _raw_status(studio, handshake.format(host=urlsplit(studio.url).netloc))
    assert accepted.startswith("HTTP/1.1 101")


async def test_a_refused_websocket_handshake_logs_no_error(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    errors: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: errors.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("uvicorn.error").addHandler(handler)
    try:
        path = f"/api/v1/runs/{await a_run(client)}/events"
        for headers in (
            f"Host: evil.example\r\nOrigin: {studio.url}",
            f"Host: {urlsplit(studio.url).netloc}\r\nOrigin: {FOREIGN}",
        ):
            refused, _ = await _raw_request(
                studio,
                f"GET {path} HTTP/1.1\r\n{headers}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            )
            assert refused.startswith(("HTTP/1.1 400", "HTTP/1.1 403")), refused
        assert (await client.get("/health")).status_code == 200  # the server has gone past both refusals
    finally:
        logging.getLogger("uvicorn.error").removeHandler(handler)
    assert errors == []  # a refusal is the client's mistake, not the server's: nothing for an admin's alerts


# --- origins (cross-site requests, WebSocket hijacking) -------------------------------------------


async def test_a_foreign_origin_is_refused_on_reads_and_writes(client: httpx.AsyncClient) -> None:
    before = (await client.get("/api/v1/workflows")).json()["total"]
    for origin in (FOREIGN, "null", "http://127.0.0.1:1", "https://localhost", "http://127.0.0.1.evil.example"):
        for method, path in (
            ("POST", "/api/v1/workflows"),
            ("GET", "/api/v1/workflows"),
            ("DELETE", "/api/v1/workflows/" + "0" * 32),
            ("PUT", "/api/v1/workflows/x"),
        ):
            response = await client.request(
                method,
                path,
                headers={"Origin": origin},
                json={"title": "from a web page"} if method == "POST" else None,
            )
            assert response.status_code == 403, (origin, method)
            assert response.json()["code"] == "foreign_origin"
            assert origin in response.json()["detail"] and "KARATE_ALLOWED_ORIGINS" in response.json()["detail"]
    assert (await client.get("/api/v1/workflows")).json()["total"] == before


async def test_the_studios_own_pages_and_clients_without_origin_may_write(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    port = urlsplit(studio.url).port
    for origin in (studio.url, f"http://localhost:{port}", "http://localhost:5173", None):
        headers = {"Origin": origin} if origin else {}
        if origin and "localhost" in origin:
            headers["Host"] = f"localhost:{port}"
        response = await client.post("/api/v1/workflows", json={"title": "mine"}, headers=headers)
        assert response.status_code == 201, (origin, response.text)


async def test_a_websocket_from_a_foreign_page_is_refused_and_from_the_studio_accepted(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    run_id = await a_run(client)
    url = f"{studio.ws_url}/api/v1/runs/{run_id}/events"
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(url, origin=FOREIGN, open_timeout=10):  # type: ignore[arg-type]
            pass
    assert refused.value.response.status_code == 403
    assert b"foreign_origin" in refused.value.response.body
    for origin in (studio.url, None):
        async with websockets.connect(url, origin=origin, open_timeout=10) as ws:  # type: ignore[arg-type]
            assert [event async for event in ws]  # the run's events, to its end


# --- pages: framing, scripts, the API docs -----------------------------------------------------------


async def test_pages_forbid_framing_and_foreign_scripts(client: httpx.AsyncClient) -> None:
    for path in ("/", "/dashboard", "/api/docs"):
        response = await client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert response.headers["x-frame-options"] == "DENY"
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        for script in re.findall(r"<script>(.*?)</script>", response.text, re.S):  # inline ones run by hash
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy
    assert (await client.get("/api/v1/workflows")).headers["x-frame-options"] == "DENY"


def test_a_page_policy_allows_only_the_pages_own_inline_scripts() -> None:
    page = "<html><script>one()</script><script src='/a.js'></script><script type=module>\n two()\n</script>"
    policy = page_policy(page)
    hashes = re.findall(r"'sha256-([^']+)'", policy)
    expected = [base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() for text in ("one()", "\n two()\n")]
    assert hashes == expected


async def test_api_docs_load_nothing_from_another_host(client: httpx.AsyncClient) -> None:
    docs = await client.get("/api/docs")
    assert docs.status_code == 200 and "SwaggerUIBundle" in docs.text
    references = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert len(references) >= 3
    for reference in references:
        assert urlsplit(reference).netloc == "", reference
        asset = await client.get(reference)
        assert asset.status_code == 200 and len(asset.content) > 500, reference
    assert "openapi" in (await client.get("/openapi.json")).json()


# --- request body limits -----------------------------------------------------------------------------


async def _raw_request(studio: RunningStudio, head: str, body_chunks: int = 0, chunk: bytes = b"") -> tuple[str, int]:
    """Send a request by hand (to declare lengths and stream chunks as a client may); returns the status
    line and how many body bytes were sent before it arrived."""
    parts = urlsplit(studio.url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    sent = 0

    async def stream() -> None:
        nonlocal sent
        for _ in range(body_chunks):
            writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            await writer.drain()
            sent += len(chunk)
            # let the reader see an answer as soon as it comes (drain does not yield while the server keeps
            # reading, and uvicorn reads and drops the rest of a refused body to keep the connection)
            await asyncio.sleep(0)
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    writer.write(head.encode())
    await writer.drain()
    # A request without a chunked body sends nothing more: bytes the server never reads would make its close
    # a reset, which can throw away the answer before it is read (seen with a refused WebSocket handshake).
    chunked = "transfer-encoding: chunked" in head.lower()
    sender = asyncio.ensure_future(stream() if chunked else asyncio.sleep(0))
    try:
        status = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 20)).decode()
        sent_then = sent
        length = int(re.search(r"(?i)content-length: (\d+)", status).group(1))  # type: ignore[union-attr]
        body = await asyncio.wait_for(reader.readexactly(length), 20)
    finally:
        sender.cancel()
        writer.close()
    return status.split("\r\n")[0] + "\n" + body.decode(), sent_then


async def _raw_status(studio: RunningStudio, head: str) -> str:
    parts = urlsplit(studio.url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(head.encode())
        return (await asyncio.wait_for(reader.readline(), 20)).decode()
    finally:
        writer.close()


async def test_an_upload_declared_too_large_is_refused_before_it_is_read(studio: RunningStudio) -> None:
    head = (
        "POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {10 * 1024**3}\r\n\r\n"
    )
    response, _ = await _raw_request(studio, head)
    assert response.startswith("HTTP/1.1 413")
    assert "KARATE_UPLOAD_MAX_BYTES" in response and '"too_large"' in response


async def test_a_streamed_upload_is_stopped_once_it_passes_the_limit(studio: RunningStudio) -> None:
    limit = studio.settings.upload_max_bytes
    chunk = b"x" * 64 * 1024
    chunks = 40 * limit // len(chunk)  # 80 MiB, far more than the socket buffers hold
    head = (
        "POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    preamble = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
    response, sent = await _raw_request(studio, head, chunks, preamble + chunk[len(preamble) :])
    assert response.startswith("HTTP/1.1 413"), response
    assert "KARATE_UPLOAD_MAX_BYTES" in response
    assert sent < 10 * limit  # refused while streaming, long before the whole body arrived
    assert not list((studio.settings.data_dir / "assets").rglob("*.png"))


async def test_a_json_body_over_the_request_limit_is_refused(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    limit = studio.settings.max_request_bytes
    big = {"title": "big", "document": {"nodes": [], "edges": [], "notes": "x" * limit}}
    response = await client.post("/api/v1/workflows", json=big)
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"the request body is over the limit of {size_in_words(limit)}; send a "
        "smaller workflow or raise KARATE_MAX_REQUEST_BYTES",
        "code": "too_large",
    }

    async def chunked():  # the same body without a declared length
        yield b'{"title": "big", "document": {"nodes": [], "edges": [], "notes": "'
        for _ in range(limit // 4096 + 1):
            yield b"x" * 4096
        yield b'"}}'

    response = await client.post("/api/v1/workflows", content=chunked(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    small = {"title": "small", "document": {"nodes": [], "edges": [], "notes": "x" * (limit - 1000)}}
    assert (await client.post("/api/v1/workflows", json=small)).status_code == 201


# --- files on disk -----------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_data_folder_is_the_studio_users_only(client: httpx.AsyncClient, studio: RunningStudio) -> None:
    upload = await client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(), "image/png")})
    assert upload.status_code == 201
    assert _mode(studio.settings.data_dir) == 0o700  # nobody else reaches the database or the assets in it


def test_an_existing_data_folder_is_made_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    Settings(data_dir=data_dir).create_data_dir()
    assert _mode(data_dir) == 0o700
    assert _mode(Settings(data_dir=tmp_path / "new" / "data").create_data_dir()) == 0o700


def test_karate_serve_creates_every_file_for_its_user_only(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data_dir = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-m", "karate", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:  # uvicorn reports readiness on stderr; EOF means the server died
            if "Uvicorn running on" in line:
                break
        upload = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/assets", timeout=30, files={"file": ("a.png", png_bytes(), "image/png")}
        )
        assert upload.status_code == 201, upload.text
    finally:
        process.terminate()
        process.wait(timeout=30)
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert data_dir / "karate.sqlite3" in files and any(upload.json()["id"] in path.name for path in files)
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
    folders = [data_dir, *(path for path in data_dir.rglob("*") if path.is_dir())]
    assert {str(path): _mode(path) for path in folders} == {str(path): 0o700 for path in folders}


# --- graph size ----------------------------------------------------------------------------------------


def graph(nodes: int, edges: int) -> dict:
    """`nodes` prompt inputs and `edges` edges between the first two (the size check comes before any other)."""
    return {
        "schema_version": 1,
        "nodes": [{"id": f"n{i}", "type": "input.prompt", "params": {}} for i in range(nodes)],
        "edges": [
            {"id": f"e{i}", "source": "n0", "sourceHandle": "text", "target": "n1", "targetHandle": "text"}
            for i in range(edges)
        ],
    }


async def test_workflows_over_the_node_or_edge_limit_are_refused_on_every_path(client: httpx.AsyncClient) -> None:
    nodes_over = (
        "the workflow has 41 nodes, over the limit of 40; split it into smaller workflows or raise "
        "KARATE_MAX_GRAPH_NODES"
    )
    edges_over = (
        "the workflow has 46 edges, over the limit of 45; split it into smaller workflows or raise "
        "KARATE_MAX_GRAPH_EDGES"
    )
    saved = await client.post("/api/v1/workflows", json={"title": "at the limit", "document": graph(40, 45)})
    assert saved.status_code == 201
    workflow = saved.json()
    for document, detail in ((graph(41, 0), nodes_over), (graph(2, 46), edges_over)):
        attempts = [
            await client.post("/api/v1/workflows", json={"title": "big", "document": document}),
            await client.post("/api/v1/runs", json={"workflow": document}),
            await client.patch(
                f"/api/v1/workflows/{workflow['id']}", json={"version": workflow["version"], "document": document}
            ),
        ]
        for response in attempts:
            assert response.status_code == 413, response.text
            assert response.json() == {"detail": detail, "code": "too_large"}
    assert (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()["version"] == workflow["version"]


async def test_an_invalid_request_lists_at_most_a_hundred_problems(client: httpx.AsyncClient) -> None:
    document = {
        "nodes": [{"id": 1, "type": 2, "params": 3} for _ in range(40)],
        "edges": [{"source": 1, "target": 2} for _ in range(45)],
    }
    response = await client.post("/api/v1/runs", json={"workflow": document})
    assert response.status_code == 422
    assert len(response.json()["errors"]) == 100
    unknown = graph(40, 45)
    for n in unknown["nodes"]:
        n["type"], n["params"] = "tool.blur", {"radius": -1, "kind": "nope"}
    for e in unknown["edges"]:
        e["source"], e["target"] = "missing", "missing too"
    response = await client.post("/api/v1/runs", json={"workflow": unknown})
    assert response.status_code == 422 and len(response.json()["problems"]) == 100
    assert re.match(r"the workflow has 1[0-9]{2} problems", response.json()["detail"])


async def test_a_server_without_websocket_denial_responses_closes_a_foreign_handshake() -> None:
    async def app(scope: dict, receive: object, send: object) -> None:
        raise AssertionError("a foreign handshake must not reach the app")

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "scheme": "ws",
        "path": "/api/v1/runs/x/events",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"origin", FOREIGN.encode())],
        "extensions": {},
    }
    await SameOriginOnly(app)(scope, None, send)  # type: ignore[arg-type]
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "foreign_origin"}]
