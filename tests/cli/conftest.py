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
