"""deploy/compose.yaml, without a Docker engine: valid against the Compose specification, its services the ones a
scaled-out studio needs, their commands ones `karate` accepts and their settings ones the studio reads."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from karate.config import Settings
from tests.deploy.files import (
    AWS_VARIABLES,
    DEPLOY,
    REPO,
    check_karate_command,
    setting_variables,
    unknown_karate_variables,
    venv_tool,
)

COMPOSE = DEPLOY / "compose.yaml"
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load(COMPOSE.read_text())
    return dict(compose["services"])


def karate_services(services: dict[str, Any]) -> dict[str, Any]:
    """The services that run the studio's image: their command is a `karate` command line."""
    return {name: service for name, service in services.items() if (service.get("command") or [""])[0] == "karate"}


def interpolate(value: str, shell: dict[str, str]) -> str:
    """What Compose makes of `value` with `shell` as the environment it is run from."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if name in shell and (shell[name] or not (op or "").startswith(":")):
            return shell[name]
        if op and op.endswith("?"):
            raise AssertionError(f"compose requires {name}: {arg}")
        return arg or ""

    return INTERPOLATION.sub(replace, value.replace("$$", "\0")).replace("\0", "$")


def test_compose_is_valid_against_the_compose_specification() -> None:
    check = subprocess.run(
        [venv_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_compose_runs_studio_workers_and_the_shared_services(services: dict[str, Any]) -> None:
    assert {"studio", "worker", "postgres", "redis", "minio", "migrate"} <= set(services)
    for name in ("studio", "postgres", "redis", "minio"):
        assert "test" in services[name].get("healthcheck", {}), f"{name} has no healthcheck"
    assert services["studio"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 2
    # Exactly one process migrates, before any server or worker starts.
    for name in ("studio", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_karate_services_build_this_repository(services: dict[str, Any]) -> None:
    built = karate_services(services)
    assert {"studio", "worker", "migrate"} <= set(built)
    for service in built.values():
        context = (COMPOSE.parent / service["build"]["context"]).resolve()
        assert context == REPO and (context / service["build"]["dockerfile"]).is_file()


@pytest.mark.parametrize("name", ["studio", "worker", "migrate"])
def test_service_commands_are_karate_commands(services: dict[str, Any], name: str) -> None:
    check_karate_command(services[name]["command"])


def test_every_variable_of_the_studio_is_a_setting(services: dict[str, Any]) -> None:
    assert not unknown_karate_variables(COMPOSE.read_text())
    known = setting_variables() | AWS_VARIABLES
    for name, service in karate_services(services).items():
        unknown = set(service["environment"]) - known
        assert not unknown, f"{name} sets variables the studio does not read: {sorted(unknown)}"


def test_the_studio_environment_parses_and_listens_with_accounts(
    services: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from karate.server import check_bind_address

    shell = {"KARATE_SIGNING_SECRET": "a-secret-of-the-operator"}
    for name, value in services["studio"]["environment"].items():
        monkeypatch.setenv(name, interpolate(str(value), shell))
    settings = Settings()
    assert settings.database_url and settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.signing_secret == "a-secret-of-the-operator", "every replica signs asset URLs with one key"
    command = services["studio"]["command"]
    assert check_bind_address(command[command.index("--host") + 1], settings.auth) is True


def test_compose_refuses_to_start_without_a_signing_secret(services: dict[str, Any]) -> None:
    with pytest.raises(AssertionError, match="KARATE_SIGNING_SECRET"):
        interpolate(str(services["studio"]["environment"]["KARATE_SIGNING_SECRET"]), {})


def test_the_studio_healthcheck_asks_its_readiness(services: dict[str, Any], tmp_path: Path) -> None:
    from karate.app import create_app  # the whole studio: imported by the tests that need it

    probe = " ".join(services["studio"]["healthcheck"]["test"])
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/]*)", probe)
    assert url and url.group(2) == "/ready", probe
    command = services["studio"]["command"]
    assert url.group(1) == command[command.index("--port") + 1]
    with TestClient(create_app(Settings(data_dir=tmp_path)), base_url=f"http://127.0.0.1:{url.group(1)}") as client:
        answer = client.get(url.group(2))
    assert answer.status_code == 200 and answer.json()["checks"]["database"]["ok"]


def test_the_worker_healthcheck_asks_its_metrics_port(
    services: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = services["worker"]
    for name, value in worker["environment"].items():
        monkeypatch.setenv(name, interpolate(str(value), {"KARATE_SIGNING_SECRET": "s"}))
    settings = Settings()
    probe = " ".join(worker["healthcheck"]["test"])
    assert f"http://127.0.0.1:{settings.worker_metrics_port}/metrics" in probe
    assert settings.worker_metrics_host == "0.0.0.0", "the compose network's Prometheus reaches it"
    assert settings.dispatch == "queue"


def test_services_that_serve_no_http_replace_the_image_healthcheck(services: dict[str, Any]) -> None:
    # The image's HEALTHCHECK asks a studio's /health; a worker or a migration would never pass it.
    for name, service in karate_services(services).items():
        if service["command"][1] != "serve":
            check = service.get("healthcheck", {})
            assert check.get("disable") or "test" in check, f"{name} inherits the studio's healthcheck"
