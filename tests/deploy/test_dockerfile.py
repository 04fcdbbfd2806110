"""The Dockerfile, without a Docker engine: hadolint finds nothing, it copies what the repository has, builds the
web app as `make web` does, and its image runs a `karate serve` the CLI accepts, as a non-root user, with accounts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from starlette.testclient import TestClient

from karate.config import Settings
from tests.deploy.dockerfile import Stage, ignore_patterns, ignored, read_stages
from tests.deploy.files import REPO, check_karate_command, unknown_karate_variables, venv_tool

DOCKERFILE = REPO / "Dockerfile"


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return read_stages(DOCKERFILE)


@pytest.fixture(scope="module")
def runtime(stages: list[Stage]) -> Stage:
    return stages[-1]


def test_hadolint_finds_nothing_at_any_level() -> None:
    lint = subprocess.run(
        [venv_tool("hadolint"), "--no-color", "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_every_copied_path_is_in_the_build_context(stages: list[Stage]) -> None:
    patterns = ignore_patterns(REPO / ".dockerignore")
    names = {stage.name for stage in stages}
    copies = [copy for stage in stages for copy in stage.all("COPY")]
    assert copies
    for copy in copies:
        if "from" in copy.flags():
            assert copy.flags()["from"] in names, f"COPY from a stage the Dockerfile does not define: {copy}"
            continue
        for source in copy.operands()[:-1]:
            assert (REPO / source).exists(), f"COPY {source}: no such file in the repository"
            assert not ignored(source, patterns), f"COPY {source}: .dockerignore leaves it out of the context"


def test_the_dockerignore_keeps_local_state_out() -> None:
    patterns = ignore_patterns(REPO / ".dockerignore")
    for path in (".venv/bin/python", "data/karate.sqlite3", "web/node_modules/vite", "karate/__pycache__/x.pyc"):
        assert ignored(path, patterns), f"{path} would be sent to the Docker daemon"
    for path in ("karate/cli.py", "web/src/main.tsx", "pyproject.toml", "examples/wide-banner.json"):
        assert not ignored(path, patterns), f"{path} is needed by the build"


def test_the_web_stage_builds_what_make_web_builds(stages: list[Stage], runtime: Stage) -> None:
    web = next(stage for stage in stages if stage.name == "web")
    assert web.image.startswith("node:20"), "the web app needs Node 20 (vite's engines)"
    commands = " && ".join(run.arguments for run in web.all("RUN"))
    assert "npm ci" in commands
    make_web = re.search(r"^web:.*?\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.M)
    assert make_web and "npm run build" in make_web.group(1) and "npm run build" in commands
    built = next(copy.operands() for copy in runtime.all("COPY") if copy.flags().get("from") == "web")
    workdir = PurePosixPath(web.all("WORKDIR")[-1].arguments)
    assert PurePosixPath(built[0]) == workdir / "dist", "the runtime copies vite's outDir (web/dist)"
    assert runtime.env()["KARATE_WEB_DIST"] == built[1], "the studio serves the editor from where it is copied"


def test_the_image_runs_the_studio_as_a_non_root_user(runtime: Stage) -> None:
    assert runtime.image.startswith("python:3.11-slim")
    user = runtime.all("USER")[-1].arguments.split(":")[0]
    assert user not in ("root", "0")
    command = runtime.all("CMD")[-1].words()
    assert command[:2] == ["karate", "serve"]
    check_karate_command(command)
    port = command[command.index("--port") + 1]
    assert runtime.all("EXPOSE")[-1].arguments == port


def test_the_image_settings_are_settings_and_listen_with_accounts(
    runtime: Stage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from karate.server import check_bind_address

    env = runtime.env()
    assert not unknown_karate_variables(" ".join(env)), "ENV names a KARATE_* variable that is no setting"
    for name, value in env.items():
        if name.startswith("KARATE_"):
            monkeypatch.setenv(name, value)
    settings = Settings()
    command = runtime.all("CMD")[-1].words()
    host = command[command.index("--host") + 1]
    # Beyond loopback the studio requires accounts; the image must not switch them off.
    assert check_bind_address(host, settings.auth) is True
    assert str(settings.data_dir) == "/data" and "/data" in runtime.all("VOLUME")[-1].arguments


def test_the_healthcheck_asks_a_route_the_studio_has(runtime: Stage, tmp_path: Path) -> None:
    healthcheck = runtime.all("HEALTHCHECK")[-1].arguments
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/]*)", healthcheck)
    assert url, healthcheck
    command = runtime.all("CMD")[-1].words()
    assert url.group(1) == command[command.index("--port") + 1]
    from karate.app import create_app  # the whole studio: imported by the one test that needs it

    # Liveness needs no started studio: the app answers it as built, as the image's probe asks it.
    client = TestClient(create_app(Settings(data_dir=tmp_path)), base_url=f"http://127.0.0.1:{url.group(1)}")
    assert client.get(url.group(2)).status_code == 200
