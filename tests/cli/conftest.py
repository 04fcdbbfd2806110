"""What the `karate` command tests share: the folder a command is typed in."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the command is typed in (empty, the current folder), whose ./data is the default data folder: no
    data folder, database or S3 store set in the environment."""
    folder = tmp_path / "shell"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for name in ("KARATE_DATA_DIR", "KARATE_STORAGE_URL", "KARATE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal wide enough that rich does not fold a long temporary path inside a word (pytest-xdist's worker
    folders make them longer than 80 columns); `words.said` joins the lines it wraps between words."""
    monkeypatch.setenv("COLUMNS", "240")
