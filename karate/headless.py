"""Run a workflow file from the command line: overrides, file imports, progress display, exports.

The valid part of a workflow runs: nodes with a problem (and those that need them) are reported and left
out, and the run exits EXIT_PARTIAL. Nothing is written (no asset, no cache entry, no output file) when
nothing can run, or when the document as a whole is not valid.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from karate.config import Settings
from karate.engine import (
    Engine,
    Event,
    Execution,
    GraphValidationError,
    NodeStatus,
    Problem,
    RunResult,
    RunStatus,
    compile_graph,
)
from karate.engine.registry import load_builtin_nodes
from karate.engine.workflow_file import file_input_kind, read_workflow_file
from karate.providers import ProviderHub
from karate.services.limits import GraphLimits, GraphTooLarge, check_graph_size
from karate.services.outputs import output_file_names, saved_assets
from karate.storage import media
from karate.storage.assets import LocalAssetStore
from karate.storage.cache_index import SqliteCacheIndex

# 0: everything ran; 1: a node failed; 2: nothing ran (the workflow is not valid); 3: the valid part ran, some
# nodes could not run (the record lists them, status "blocked", with their problems)
EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_PARTIAL = 0, 1, 2, 3


def parse_overrides(items: list[str]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """`NODE_ID.PARAM=VALUE` pairs; VALUE is read as JSON when it parses, else as a string."""
    overrides: dict[str, dict[str, Any]] = {}
    problems = []
    for item in items:
        target, sep, raw = item.partition("=")
        node_id, dot, param = target.rpartition(".")
        if not sep or not dot or not node_id or not param:
            problems.append(Problem("invalid_override", f"--set {item!r} must look like NODE_ID.PARAM=VALUE"))
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        overrides.setdefault(node_id, {})[param] = value
    return overrides, problems


def load_document(
    path: Path, overrides: list[str], *, max_pixels: int = media.DEFAULT_MAX_PIXELS
) -> tuple[dict[str, Any], dict[str, Path]]:
    """Read the file, apply overrides and replace input `path`s by the files' hashes (not yet imported).
    Each `path` must name a regular file of the input's kind (images within `max_pixels` and complete);
    raises GraphValidationError for any problem."""
    document, files, problems = read_document(path, overrides, max_pixels=max_pixels)
    if problems:
        raise GraphValidationError(problems)
    return document, files


def read_document(
    path: Path, overrides: list[str], *, max_pixels: int = media.DEFAULT_MAX_PIXELS
) -> tuple[dict[str, Any], dict[str, Path], list[Problem]]:
    """`load_document`, with the problems of input files returned (each on its node, which cannot run)
    rather than raised. A bad override still raises: the command line itself is wrong."""
    document = read_workflow_file(path)  # any encoding editors save in, or a message saying what to change
    changes, problems = parse_overrides(overrides)
    nodes: dict[Any, dict[str, Any]] = {n.get("id"): n for n in document.get("nodes", []) if isinstance(n, dict)}
    for node_id, params in changes.items():
        if node_id not in nodes:
            problems.append(
                Problem("invalid_override", f"--set names node {node_id!r}, which is not in the workflow", node_id)
            )
            continue
        nodes[node_id]["params"] = {**(nodes[node_id].get("params") or {}), **params}
    files: dict[str, Path] = {}
    file_problems: list[Problem] = []
    for node_id, n in nodes.items():
        kind = file_input_kind(n)
        if kind is not None:
            params = n["params"]
            file = (path.parent / str(params.pop("path"))).resolve()
            if not file.exists():
                file_problems.append(Problem("missing_file", f"file {file} does not exist", node_id, "path"))
                continue
            try:  # the same door as uploads, before anything is read into the store
                media.check_media_file(file, kind, max_pixels)
            except media.MediaError as error:
                file_problems.append(Problem("invalid_file", error.message, node_id, "path"))
                continue
            sha = _file_sha256(file)
            files[sha] = file
            params["asset_id"] = sha
    if problems:
        raise GraphValidationError(problems + file_problems)
    return document, files, file_problems


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def open_engine(settings: Settings) -> Engine:
    settings.create_data_dir()
    store = LocalAssetStore(settings.assets_dir, max_image_pixels=settings.max_image_pixels)
    cache = SqliteCacheIndex(settings.cache_index_path, store, max_bytes=settings.cache_max_bytes)
    return Engine(
        store,
        cache,
        workers=settings.worker_count,
        node_timeout=settings.node_timeout,
        services={"settings": settings, "providers": ProviderHub(settings)},
    )


def export_outputs(
    result: RunResult, store: LocalAssetStore, document: dict[str, Any], out_dir: Path
) -> dict[str, list[str]]:
    """Copy the files of every completed output node into `out_dir`; return the paths written per node.

    Names are the node's `filename`, else its id, made safe (never a folder, never outside `out_dir`) and
    unique in the workflow's node order: a second `poster.png` is written as `poster-2.png`. Each file is
    written whole under a temporary name, then renamed into place."""
    wanted = {n["id"]: str((n.get("params") or {}).get("filename") or "") for n in document["nodes"]}
    order = _output_order(result, document)
    files = [(node_id, ref) for node_id in order for ref in saved_assets(result.nodes[node_id].outputs)]
    names = output_file_names((wanted[node_id], node_id, ref.mime) for node_id, ref in files)
    root = out_dir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[str]] = {node_id: [] for node_id in order}
    for (node_id, ref), name in zip(files, names, strict=True):
        target = root / name
        if target.parent != root:  # safe_stem never names a folder; this keeps it so
            raise ValueError(f"refusing to write {target} outside {root}")
        partial = root / f".{name}.{uuid.uuid4().hex}.partial"
        store.export(ref.sha256, partial)
        os.replace(partial, target)  # replaces a link at `target` itself, never the file it points to
        written[node_id].append(str(target))
    return written


def _output_order(result: RunResult, document: dict[str, Any]) -> list[str]:
    """Completed output nodes in the workflow's order, so names are given the same way on every run."""
    return [
        n["id"]
        for n in document["nodes"]
        if n["id"] in result.nodes
        and result.nodes[n["id"]].node_type.startswith("output.")
        and result.nodes[n["id"]].status == "completed"
    ]


def run_record(result: RunResult, files: dict[str, list[str]], elapsed: float) -> dict[str, Any]:
    return {
        "run_id": result.run_id,
        "status": str(result.status),
        "duration_ms": round(elapsed * 1000, 2),
        "error": result.error,
        "nodes": {
            node_id: {
                "type": n.node_type,
                "status": str(n.status),
                "cached": n.cached,
                "outputs": files.get(node_id, []),
                "error": n.error.message if n.error else None,
                "duration_ms": round(n.duration_ms, 2) if n.duration_ms is not None else None,
            }
            for node_id, n in result.nodes.items()
        },
    }


async def run_workflow_file(
    path: Path, *, settings: Settings, out_dir: Path, overrides: list[str], as_json: bool, from_node: str | None = None
) -> int:
    err = Console(stderr=True, highlight=False)
    try:
        document, files, file_problems = read_document(path, overrides, max_pixels=settings.max_image_pixels)
        try:  # the same size limits as the API's, before any per-node work
            check_graph_size(document, GraphLimits.of(settings))
        except GraphTooLarge as error:
            raise GraphValidationError([Problem("too_large", error.message)]) from None
        if from_node is not None and from_node not in {n.get("id") for n in document["nodes"]}:
            raise GraphValidationError(
                [Problem("unknown_node", f"--from-node {from_node!r} is not in the workflow", from_node)]
            )
        targets = [from_node] if from_node else None
        graph = compile_graph(document, load_builtin_nodes(), targets=targets, node_problems=file_problems)
    except GraphValidationError as error:
        _print_problems(err, path, error, as_json)
        return EXIT_INVALID
    engine = open_engine(settings)
    try:
        for file in files.values():
            engine.store.import_file(file)  # type: ignore[attr-defined]
        execution = Execution(engine, graph, targets=targets)
        started = time.perf_counter()
        if as_json or not err.is_terminal:
            result = await execution.execute()
        else:
            result = await _execute_with_progress(execution, err)
        elapsed = time.perf_counter() - started
        written = export_outputs(result, engine.store, document, out_dir)  # type: ignore[arg-type]
    finally:
        engine.close()
        await engine.services["providers"].aclose()
    record = run_record(result, written, elapsed)
    if as_json:
        sys.stdout.write(json.dumps(record, indent=2) + "\n")
    else:
        _print_summary(err, record)
    if result.status != RunStatus.COMPLETED:
        return EXIT_FAILED
    return EXIT_PARTIAL if result.blocked_nodes else EXIT_OK


async def _execute_with_progress(execution: Any, console: Console) -> RunResult:
    total = len(execution.order)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("running", total=total)

        def on_event(event: Event) -> None:
            if event.type in ("node.cached", "node.skipped", "node.failed", "node.completed", "node.blocked"):
                progress.advance(task)
            if event.type == "node.started":
                progress.update(task, description=f"running {event.node_id}")
            elif event.type == "node.progress" and event.data.get("message"):
                progress.update(task, description=f"{event.node_id}: {event.data['message']}")
            elif event.type in ("node.failed", "node.blocked"):
                mark = "✗" if event.type == "node.failed" else "can't run:"
                progress.console.print(f"[red]{mark} {event.node_id}[/red] {event.data['error']['message']}")

        execution.events.add_listener(on_event)
        result = await execution.execute()
        progress.update(task, completed=total, description=str(result.status))
    return result


def _print_problems(console: Console, path: Path, error: GraphValidationError, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(
            json.dumps({"status": "invalid", "problems": [p.to_json() for p in error.problems]}, indent=2) + "\n"
        )
    console.print(f"[red]{path} is not a valid workflow ({len(error.problems)} problem(s)):[/red]")
    for problem in error.problems:
        console.print(f"  • [bold]{problem.code}[/bold] {problem}")


_STATUS_STYLE = {
    "completed": "green",
    "failed": "red",
    "skipped": "yellow",
    "cancelled": "yellow",
    NodeStatus.BLOCKED.value: "red",
}


def _print_summary(console: Console, record: dict[str, Any]) -> None:
    nodes = record["nodes"]
    cached = sum(1 for n in nodes.values() if n["cached"])
    if len(nodes) <= 40:  # a table per node while it fits a screen; counts and problems beyond that
        table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
        for column in ("node", "type", "status", "time", "output / error"):
            table.add_column(column, justify="right" if column == "time" else "left")
        for node_id, n in nodes.items():
            status = "cached" if n["cached"] else n["status"]
            time_ms = "" if n["cached"] or n["duration_ms"] is None else f"{n['duration_ms']:.0f} ms"
            detail = n["error"] or ", ".join(n["outputs"])
            style = "dim" if n["cached"] else _STATUS_STYLE.get(n["status"], "")
            table.add_row(node_id, n["type"], f"[{style}]{status}[/{style}]" if style else status, time_ms, detail)
        console.print(table)
    else:
        for node_id, n in nodes.items():
            if n["error"]:
                console.print(f"  [red]{n['status']}[/red] {node_id}: {n['error']}")
            for file in n["outputs"]:
                console.print(f"  saved {file}")
    colour = "green" if record["status"] == "completed" else "red"
    blocked = sum(1 for n in nodes.values() if n["status"] == NodeStatus.BLOCKED)
    executed = sum(1 for n in nodes.values() if not n["cached"] and n["status"] != NodeStatus.BLOCKED)
    console.print(
        f"[{colour}]{record['status']}[/{colour}] in {record['duration_ms']:.0f} ms — "
        f"{len(nodes)} nodes, {executed} executed, {cached} cached"
        + (f", [red]{blocked} could not run[/red] (see their errors)" if blocked else "")
    )
