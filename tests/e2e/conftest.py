"""End-to-end fixtures: a real `karate serve` on a free port with a temporary data folder, and Debian's
Chromium driven by Playwright. Skipped only when the web app is not built; a missing Chromium fails."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not (WEB_DIST / "index.html").is_file():
    pytest.skip("web/dist is missing: build the web app first (make web, or cd web && npm run build)",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="install the dev extras: pip install -e '.[dev]'")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The studio, serving web/dist and the API, until the session ends."""
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("karate-data")
    process = subprocess.Popen(
        [sys.executable, "-m", "karate", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(data_dir)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    log: list[str] = []
    for line in process.stderr:  # uvicorn reports readiness on stderr; EOF means the server died
        log.append(line)
        if "Uvicorn running on" in line:
            break
    base = f"http://127.0.0.1:{port}"
    if process.poll() is not None:
        pytest.fail("karate serve exited before it was ready:\n" + "".join(log[-30:]))
    assert httpx.get(f"{base}/health", timeout=10).json()["status"] == "ok"
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="session")
def browser() -> Iterator[sync_api.Browser]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.fail("Chromium is missing: the end-to-end tests need Debian's chromium at /usr/bin/chromium "
                    "(apt-get install chromium, or `make chromium`)")
    executable = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class ConsoleLog:
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser: sync_api.Browser, server: str, console: ConsoleLog,
         tmp_path: Path) -> Iterator[sync_api.Page]:
    """A fresh browser profile per test; any console error or uncaught exception fails the test."""
    context = browser.new_context(base_url=server, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.on("console", lambda message: console.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert console.errors == [], f"console errors: {console.errors}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=10) as client:
        yield client
