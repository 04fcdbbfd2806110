"""What the deployment files are checked against: the studio's settings and the `karate` command's subcommands."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from karate.cli import main
from karate.config import Settings, env_name

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
KARATE_VARIABLE = re.compile(r"\bKARATE_[A-Z0-9_]+\b")

#: Variables the studio reads that are not its settings: boto3's credential chain (the S3 store's client).
AWS_VARIABLES = frozenset({"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"})


def setting_variables() -> set[str]:
    """Every environment variable that sets one of the studio's settings (KARATE_*, OPENAI_API_KEY, ...)."""
    return {env_name(field) for field in Settings.model_fields}


def unknown_karate_variables(text: str) -> list[str]:
    """The KARATE_* names in `text` that are no setting (the suites' own KARATE_TEST_* are not settings)."""
    names = set(KARATE_VARIABLE.findall(text)) - setting_variables()
    return sorted(name for name in names if not name.startswith("KARATE_TEST_"))


def venv_tool(name: str) -> str:
    """A console script installed beside this interpreter (the dev extra's hadolint, check-jsonschema)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is missing: install the dev extra (pip install -e '.[dev]')", pytrace=False)
    return str(path)


def check_karate_command(argv: Iterable[str]) -> None:
    """Fail unless `argv` ("karate", subcommand, options...) is a command line `karate` accepts: its options are
    parsed as given, then --help stops it before it runs. A subcommand not written yet skips, naming it."""
    args = list(argv)
    assert args and Path(args[0]).name == "karate", f"not a karate command: {args}"
    assert len(args) > 1, "a karate command names its subcommand"
    with click.Context(main) as context:
        missing = main.get_command(context, args[1]) is None
    if missing:
        pytest.skip(f"`karate {args[1]}` does not exist yet (deployment files run it)")
    result = CliRunner().invoke(main, [*args[1:], "--help"])
    assert result.exit_code == 0, f"`{' '.join(args)}` is refused by the CLI: {result.output}"
