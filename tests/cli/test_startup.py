"""`karate` starts fast: help loads only click, and a run of a small graph loads only the node packages, store
and engine it uses (never the web stack, the model catalog, the providers or boto3).

Time is measured as the CPU time (user + system) the command's process spends, the median of three runs:
this machine has two cores shared with other work, so wall time there includes waiting for a core behind
someone else, while CPU time is the work the command itself does to start. What is imported is checked
as well (the modules loaded when the command ends), which does not depend on load at all.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from karate.engine.registry import NODE_PACKAGES, load_builtin_nodes, load_nodes_for

LIMIT_S = 0.3
HEAVY_FOR_HELP = (
    "karate.config",
    "karate.worker",
    "pydantic_settings",
    "karate.engine",
    "numpy",
    "fastapi",
    "sqlalchemy",
    "httpx",
    "redis",
)
NEVER_FOR_A_LOCAL_RUN = (
    "rich",  # with --json, nothing is shown on stderr
    "fastapi",
    "sqlalchemy",
    "httpx",
    "boto3",
    "karate.api",
    "karate.db",
    "karate.catalog",
    "karate.providers",
    "karate.nodes.tools",
    "karate.nodes.models",
)


def karate_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "karate", *args]


@pytest.fixture(scope="module")
def installed_environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of an installed `karate`: compiled modules are kept (here in a folder of their own, so the
    checkout stays clean) and read back, where PYTHONDONTWRITEBYTECODE would compile every module on every start."""
    environment = {**os.environ, "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(tmp_path_factory.mktemp("pycache"))}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def cpu_seconds(command: list[str], cwd: Path, environment: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of `command`, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, env=environment)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert completed.returncode == 0, completed.stderr.decode()
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def imported_modules(command: list[str], cwd: Path) -> set[str]:
    """The modules loaded once `command` (`python -m karate ...`) has finished, read from sys.modules at exit."""
    listing = cwd / "modules.json"
    script = (
        "import atexit, json, runpy, sys\n"
        f"atexit.register(lambda: open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
        f"sys.argv = {['karate', *command[3:]]!r}\n"
        "runpy.run_module('karate', run_name='__main__')\n"
    )
    completed = subprocess.run([command[0], "-c", script], cwd=cwd, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return set(json.loads(listing.read_text()))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


@pytest.fixture
def tiny_graph(tmp_path: Path) -> Path:
    """A two-node local graph: a picture from a file, saved as PNG."""
    cv2.imwrite(str(tmp_path / "red.png"), np.full((32, 48, 3), (30, 30, 200), np.uint8))
    document = {
        "schema_version": 1,
        "nodes": [
            {"id": "picture", "type": "input.image", "params": {"path": "red.png"}},
            {"id": "save", "type": "output.save", "params": {"filename": "tiny"}},
        ],
        "edges": [{"source": "picture", "sourceHandle": "image", "target": "save", "targetHandle": "image"}],
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(
    "args", [("--help",), ("run", "--help"), ("worker", "--help")], ids=["help", "run-help", "worker-help"]
)
def test_help_starts_in_under_0_3_s_and_loads_only_click(
    args: tuple[str, ...], tmp_path: Path, installed_environment: dict[str, str]
) -> None:
    cpu_seconds(karate_command(*args), tmp_path, installed_environment)  # compiles what is not compiled yet
    times = [cpu_seconds(karate_command(*args), tmp_path, installed_environment) for _ in range(3)]
    cpu = statistics.median(t[0] for t in times)
    assert cpu < LIMIT_S, f"karate {' '.join(args)} took {cpu:.3f} s of CPU (wall: {[round(t[1], 3) for t in times]})"
    assert loaded(imported_modules(karate_command(*args), tmp_path), HEAVY_FOR_HELP) == []


def test_a_tiny_local_run_loads_only_what_it_uses(tiny_graph: Path, tmp_path: Path) -> None:
    command = karate_command("run", str(tiny_graph), "--json", "--out", "out", "--data-dir", "data")
    modules = imported_modules(command, tmp_path)
    assert (tmp_path / "out" / "tiny.png").stat().st_size > 0
    assert loaded(modules, NEVER_FOR_A_LOCAL_RUN) == []
    assert {"karate.nodes.inputs.assets", "karate.nodes.outputs.save"} <= modules


def test_every_node_type_lives_in_the_package_its_first_word_names() -> None:
    """What lets `karate run` import only the node packages a workflow names."""
    for cls in load_builtin_nodes():
        package = NODE_PACKAGES[cls.spec.type.partition(".")[0]]
        assert cls.__module__.startswith(f"karate.nodes.{package}"), (cls.spec.type, cls.__module__)


def test_the_node_types_a_workflow_names_are_loaded_and_unknown_ones_load_every_type() -> None:
    every = {cls.spec.type for cls in load_builtin_nodes()}
    assert {"input.image", "output.save", "tool.blur"} <= {cls.spec.type for cls in load_nodes_for(["tool.blur"])}
    assert {cls.spec.type for cls in load_nodes_for(["plugin.mystery"])} == every
