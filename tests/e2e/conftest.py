"""End-to-end fixtures: a real `karate serve` on a free port with a temporary data folder, and Debian's
Chromium driven by Playwright. Skipped only when the web app is not built; a missing Chromium fails.

Servers start without any provider key or provider URL from the developer's environment, so what the editor
shows of AI models never depends on the machine; `running_studio(env=...)` configures providers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
import pytest

from karate.config import PROVIDER_FIELDS, Settings
from tests.api.helpers import SCHEMA_PATHS, assert_no_pattern_text

ROOT = Path(__file__).resolve().parents[2]
# KARATE_WEB_DIST (the server's own setting) points both the check below and the served studio at another build.
WEB_DIST = Path(os.environ.get("KARATE_WEB_DIST") or ROOT / "web" / "dist")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not (WEB_DIST / "index.html").is_file():
    pytest.skip(
        "web/dist is missing: build the web app first (make web, or cd web && npm run build)", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api", reason="install the dev extras: pip install -e '.[dev]'")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _provider_variables() -> set[str]:
    """Every environment variable the provider settings read: keys (REPLICATE_API_TOKEN ...) and KARATE_* URLs."""
    names: set[str] = set()
    for name in PROVIDER_FIELDS:
        info = Settings.model_fields[name]
        names.add(f"KARATE_{name}".upper())
        alias = info.validation_alias
        names.update(choice.upper() for choice in getattr(alias, "choices", ()) if isinstance(choice, str))
    return names


def studio_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without provider settings, plus `extra`."""
    dropped = _provider_variables()
    env = {key: value for key, value in os.environ.items() if key.upper() not in dropped}
    env.update(extra or {})
    return env


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass


@contextmanager
def running_studio(data_dir: Path, env: Mapping[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """`karate serve` over `data_dir` on `port` (a free one by default), with provider settings only from `env`;
    yields its URL. Started again with the same `data_dir` and `port`, it is the same studio after a restart."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "karate",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=studio_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    log: list[str] = []
    for line in process.stderr:  # uvicorn reports readiness on stderr; EOF means the server died
        log.append(line)
        if "Uvicorn running on" in line:
            break
    base = f"http://127.0.0.1:{port}"
    if process.poll() is not None:
        pytest.fail("karate serve exited before it was ready:\n" + "".join(log[-30:]))
    # Keep reading stderr so a chatty server never blocks on a full pipe.
    threading.Thread(target=_drain, args=(process.stderr,), daemon=True).start()
    try:
        assert httpx.get(f"{base}/health", timeout=10).json()["status"] == "ok"
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The studio, serving web/dist and the API, until the session ends; no AI provider is configured."""
    with running_studio(tmp_path_factory.mktemp("karate-data")) as base:
        yield base


@pytest.fixture(scope="module")
def accounts_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of the module's studio with accounts (its CLI makes admins there)."""
    return tmp_path_factory.mktemp("karate-accounts")


@pytest.fixture(scope="module")
def accounts_server(accounts_data: Path) -> Iterator[str]:
    """A studio with accounts (KARATE_AUTH), one per test module: its users are the module's own."""
    with running_studio(accounts_data, env={"KARATE_AUTH": "true"}) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[sync_api.Browser]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.fail(
            "Chromium is missing: the end-to-end tests need Debian's chromium at /usr/bin/chromium "
            "(apt-get install chromium, or `make chromium`)"
        )
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


#: A desktop's screen.
DESKTOP: sync_api.ViewportSize = {"width": 1440, "height": 900}
#: A phone's screen (an iPhone's 390 × 844 CSS pixels), touched.
PHONE: sync_api.ViewportSize = {"width": 390, "height": 844}


@contextmanager
def open_page(
    browser: sync_api.Browser, base_url: str, console: ConsoleLog, *, phone: bool = False
) -> Iterator[sync_api.Page]:
    """A fresh browser profile on `base_url`, a desktop's 1440 × 900 screen (`phone`: a phone's, touched); any
    console error or uncaught exception fails the test."""
    screen = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {"viewport": DESKTOP}
    context = browser.new_context(base_url=base_url, **screen)  # type: ignore[arg-type]
    page = context.new_page()
    page.on("console", lambda message: console.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
    answers: list[sync_api.Response] = []
    frames: list[str] = []
    page.on("response", lambda answer: answers.append(answer))

    # text frames are the run events a page shows; binary ones (Yjs updates) are no one's words, and their random
    # client ids can spell a backslash and a letter
    def keep_text(frame: str | bytes) -> None:
        if isinstance(frame, str):
            frames.append(frame)

    page.on("websocket", lambda socket: socket.on("framereceived", keep_text))
    page.set_default_timeout(15_000)
    yield page
    _check_words(answers, frames)
    context.close()
    assert console.errors == [], f"console errors: {console.errors}"


def _check_words(answers: list[sync_api.Response], frames: list[str]) -> None:
    """No API answer or run event the page received quotes a regular expression or pydantic's words."""
    for answer in answers:
        path = httpx.URL(answer.url).path
        kind = answer.headers.get("content-type", "")
        if not path.startswith("/api/") or path.startswith(SCHEMA_PATHS) or not kind.startswith("application/json"):
            continue
        try:
            text = answer.text()
        except sync_api.Error:  # the browser let go of the body (a page reload); nothing to read
            continue
        assert_no_pattern_text(text, f"{answer.request.method} {path}")
    for frame in frames:
        assert_no_pattern_text(frame, "a run event")


@pytest.fixture
def page(browser: sync_api.Browser, server: str, console: ConsoleLog) -> Iterator[sync_api.Page]:
    with open_page(browser, server, console) as opened:
        yield opened


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def api(server: str) -> Iterator[httpx.Client]:
    def check(response: httpx.Response) -> None:
        if response.headers.get("content-type", "").startswith(
            "application/json"
        ) and not response.request.url.path.startswith(SCHEMA_PATHS):
            response.read()
            assert_no_pattern_text(response.text, f"{response.request.method} {response.request.url.path}")

    with httpx.Client(base_url=server, timeout=10, event_hooks={"response": [check]}) as client:
        yield client
