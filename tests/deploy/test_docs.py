"""docs/deploy.md stays true: it names every setting and only real ones, the files it points to exist, and the
`karate` command lines it shows are ones the CLI accepts."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.deploy.files import REPO, check_karate_command, setting_variables, unknown_karate_variables

DOCS = (REPO / "docs" / "deploy.md").read_text()
# `karate <subcommand> ...` at the start of a shell line or of an inline code span
COMMAND_LINE = re.compile(r"(?:^\s+|`|\$\(|run --rm \w+ |docker run karate )(karate [a-z][\w-]*(?: [^`#\n]*)?)", re.M)


def test_every_karate_variable_named_is_a_setting() -> None:
    assert not unknown_karate_variables(DOCS)


def test_every_setting_is_described() -> None:
    missing = sorted(name for name in setting_variables() if f"`{name}`" not in DOCS)
    assert not missing, f"describe these in docs/deploy.md: {missing}"


def test_every_file_it_points_to_exists() -> None:
    paths = set(re.findall(r"`((?:deploy|docs|karate|tests|web|\.github)/[\w./-]*|Dockerfile)`", DOCS))
    assert {"Dockerfile", "deploy/compose.yaml", "deploy/grafana/karate-dashboard.json"} <= paths
    for path in paths - {"deploy/karate.env"}:  # the operator's own file of secrets
        assert (REPO / path).exists(), f"docs/deploy.md points to {path}, which does not exist"


def commands() -> list[list[str]]:
    found = {match.strip().rstrip("\\").strip() for match in COMMAND_LINE.findall(DOCS)}
    # The diagram's boxes (karate serve × N ──►) are pictures, not command lines.
    return sorted(shlex.split(command) for command in found if command.isascii())


def test_it_shows_the_commands_a_platform_engineer_runs() -> None:
    shown = {tuple(command[:2]) for command in commands()}
    for subcommand in ("serve", "worker", "migrate", "create-user"):
        assert ("karate", subcommand) in shown


@pytest.mark.parametrize("command", commands(), ids=" ".join)
def test_every_command_shown_is_accepted(command: list[str]) -> None:
    check_karate_command(command)
