"""The GitHub Actions workflow does what .ci/run does: PostgreSQL and Redis for the suites, then the same command."""

from __future__ import annotations

import shlex
import subprocess
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.deploy.files import REPO, venv_tool

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


@pytest.fixture(scope="module")
def job() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    (only,) = workflow["jobs"].values()
    return dict(only)


def test_workflow_is_valid_against_the_github_workflow_schema() -> None:
    check = subprocess.run(
        [venv_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_workflow_runs_the_command_ci_runs(job: dict[str, Any]) -> None:
    ci_commands = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    last_ci_command = [line for line in ci_commands if line and not line.startswith(("#", "fi", "}"))][-1]
    last_step = job["steps"][-1]["run"].strip().splitlines()[-1]
    assert shlex.split(last_step) == shlex.split(last_ci_command) == ["make", "test"]


def test_the_suites_find_the_services_the_workflow_starts(job: dict[str, Any]) -> None:
    assert {"postgres", "redis"} <= set(job["services"])
    assert job["services"]["postgres"]["env"]["POSTGRES_HOST_AUTH_METHOD"] == "trust"
    database = urlsplit(job["env"]["KARATE_TEST_POSTGRES_URL"])
    redis = urlsplit(job["env"]["KARATE_TEST_REDIS_URL"])
    assert database.hostname == "postgres" and database.path == "/" + job["services"]["postgres"]["env"]["POSTGRES_DB"]
    assert redis.hostname == "redis"


def test_the_end_to_end_browser_comes_from_debian(job: dict[str, Any]) -> None:
    assert "bookworm" in job["container"], "Debian's chromium package is the browser the e2e tests drive"
    assert any("apt-get install" in step.get("run", "") and "chromium" in step["run"] for step in job["steps"])
