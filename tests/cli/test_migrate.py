"""`karate migrate`: brings a database up to date, and with --to back to an older revision (to run an earlier
release) and forward again, keeping the data; an unknown revision is refused in words."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from karate.cli import main
from karate.db.database import revisions


def _tables(data_dir: Path) -> set[str]:
    with sqlite3.connect(data_dir / "karate.sqlite3") as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrate_goes_back_to_an_older_revision_and_forward_again(tmp_path: Path) -> None:
    runner = CliRunner(env={"KARATE_DATABASE_URL": ""})
    args = ["migrate", "--data-dir", str(tmp_path)]
    first = runner.invoke(main, args, catch_exceptions=False)
    head = revisions()[-1]
    assert first.exit_code == 0 and f"from revision none (empty) to {head}" in first.output
    with sqlite3.connect(tmp_path / "karate.sqlite3") as db:
        db.execute("INSERT INTO assets (sha256, mime, bytes, created_at) VALUES ('ab', 'image/png', 3, 0)")
    assert "cache_entries" in _tables(tmp_path)

    back = runner.invoke(main, [*args, "--to", "0005"], catch_exceptions=False)
    assert back.exit_code == 0 and f"from revision {head} to 0005" in back.output
    assert "cache_entries" not in _tables(tmp_path) and "runs" in _tables(tmp_path)

    again = runner.invoke(main, args, catch_exceptions=False)
    assert again.exit_code == 0 and f"from revision 0005 to {head}" in again.output
    assert "cache_entries" in _tables(tmp_path)
    with sqlite3.connect(tmp_path / "karate.sqlite3") as db:
        assert db.execute("SELECT mime FROM assets WHERE sha256 = 'ab'").fetchone() == ("image/png",)
    same = runner.invoke(main, args, catch_exceptions=False)
    assert same.exit_code == 0 and f"at revision {head} already" in same.output


def test_an_unknown_revision_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    result = CliRunner(env={"KARATE_DATABASE_URL": ""}).invoke(
        main, ["migrate", "--data-dir", str(tmp_path), "--to", "0099"]
    )
    assert result.exit_code == 2
    assert "no schema revision '0099'" in result.output and "0001" in result.output and "head" in result.output


@pytest.mark.postgres
def test_processes_starting_together_on_a_new_database_migrate_it_once(fresh_postgres: str, tmp_path: Path) -> None:
    """Servers, workers and `karate migrate` started at once on an empty PostgreSQL database: one migrates, the
    others wait for it and find the schema up to date (none fails creating a table another is creating)."""
    env = {**os.environ, "KARATE_DATABASE_URL": fresh_postgres}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = [
        subprocess.Popen(
            [sys.executable, "-m", "karate", "migrate", "--data-dir", str(tmp_path / f"p{n}")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(4)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in commands]
    assert [process.returncode for process in commands] == [0] * 4, outputs
    assert sum("moved from revision none (empty)" in output for output in outputs) == 1, outputs
    assert sum("already" in output for output in outputs) == 3, outputs
