"""A Dockerfile read as instructions (continuation lines joined, comments dropped), grouped by build stage."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath


@dataclass
class Instruction:
    keyword: str
    arguments: str

    def words(self) -> list[str]:
        """The arguments as a list: JSON (exec form) when written so, else split as a shell would."""
        text = self.arguments.strip()
        return list(json.loads(text)) if text.startswith("[") else shlex.split(text)

    def flags(self) -> dict[str, str]:
        return dict(word[2:].split("=", 1) for word in self.words() if word.startswith("--") and "=" in word)

    def operands(self) -> list[str]:
        return [word for word in self.words() if not word.startswith("--")]


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [instruction for instruction in self.instructions if instruction.keyword == keyword]

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for instruction in self.all("ENV"):
            values.update(word.split("=", 1) for word in instruction.words())  # type: ignore[misc]
        return values


def read_stages(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    logical = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):  # inside a continued instruction too, as Docker reads it
            continue
        logical += line[:-1] + " " if line.endswith("\\") else line
        if line.endswith("\\"):
            continue
        keyword, _, arguments = logical.partition(" ")
        logical = ""
        if keyword.upper() == "FROM":
            words = arguments.split()
            stages.append(Stage(words[0], words[2] if len(words) > 2 and words[1].upper() == "AS" else None))
        else:
            stages[-1].instructions.append(Instruction(keyword.upper(), arguments))
    return stages


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore's `patterns` leave `path` (or a folder above it) out of the build context."""
    parts = PurePosixPath(path.rstrip("/")).parts
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        for prefix in prefixes:
            if fnmatch(prefix, pattern) or (bare != pattern and fnmatch(prefix.rsplit("/", 1)[-1], bare)):
                return True
    return False


def ignore_patterns(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line.rstrip("/") for line in lines if line and not line.startswith("#")]
