"""Run a workflow file from the command line: overrides, file imports, progress display, exports.

The valid part of a workflow runs: nodes with a problem (and those that need them) are reported and left
out, and the run exits EXIT_PARTIAL. Nothing is written (no asset, no cache entry, no output file) when
nothing can run, or when the document as a whole is not valid.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from karate.config import Settings
from karate.engine import (
    Engine,
    Execution,
    GraphValidationError,
    Problem,
    RunResult,
    RunStatus,
    compile_graph,
)
from karate.engine.context import NodeServices
from karate.engine.registry import NodeRegistry, load_nodes_for
from karate.engine.validation import CompiledGraph
from karate.engine.workflow_file import FILE_INPUTS, file_input_kind, read_workflow_file
from karate.services.limits import GraphLimits, GraphTooLarge, check_graph_size
from karate.services.outputs import output_file_names, saved_assets
from karate.storage.assets import LocalAssetStore, stored_sha256
from karate.storage.factory import open_asset_store, open_cache_index
from karate.storage.media_errors import DEFAULT_MAX_PIXELS

if TYPE_CHECKING:
    from rich.console import Console

    from karate.engine.sdk import Node

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
    path: Path, overrides: list[str], *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> tuple[dict[str, Any], dict[str, Path]]:
    """Read the file, apply overrides and replace input `path`s by the files' hashes (not yet imported).
    Each `path` must name a regular file of the input's kind (images within `max_pixels` and complete);
    raises GraphValidationError for any problem."""
    document, files, problems = read_document(path, overrides, max_pixels=max_pixels)
    if problems:
        raise GraphValidationError(problems)
    return document, files


def read_document(
    path: Path, overrides: list[str], *, max_pixels: int = DEFAULT_MAX_PIXELS, keep_photo_location: bool = False
) -> tuple[dict[str, Any], dict[str, Path], list[Problem]]:
    """`load_document`, with the problems of input files returned (each on its node, which cannot run)
    rather than raised. A bad override still raises: the command line itself is wrong."""
    # any encoding editors save in, or a message saying what to change
    document = workflow_graph(read_workflow_file(path), path)
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
            from karate.storage import media  # the image libraries, for workflows that read files only

            try:  # the same door as uploads, before anything is read into the store
                media.check_media_file(file, kind, max_pixels)
            except media.MediaError as error:
                file_problems.append(Problem("invalid_file", error.message, node_id, "path"))
                continue
            sha = stored_sha256(file, keep_photo_location=keep_photo_location)  # its id once the store admits it
            files[sha] = file
            params["asset_id"] = sha
    if problems:
        raise GraphValidationError(problems + file_problems)
    return document, files, file_problems


def workflow_graph(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The graph in a workflow file: the file itself as the editor saves it, or the `document` of a workflow
    saved from the API (GET /api/v1/workflows/{id} answers its id, title... and the graph under `document`)."""
    if "nodes" in data:
        return data
    inner = data.get("document")
    if isinstance(inner, dict) and isinstance(inner.get("nodes"), list):
        return inner
    message = (
        f"{path} holds no workflow: it should be a JSON object with `nodes` and `edges` lists (as the editor saves "
        "it), or a workflow saved from the API (GET /api/v1/workflows/ID), which has them under `document`"
    )
    raise GraphValidationError([Problem("malformed", message)])


def missing_assets(
    graph: CompiledGraph, store: LocalAssetStore, imported: dict[str, Path], settings: Settings
) -> list[Problem]:
    """A problem on each upload input whose stored file this store does not hold (a workflow saved in a studio,
    run where that studio's data folder is not), saying how to give the file from the command line."""
    problems = []
    for node_id, cls in graph.classes.items():
        if cls.spec.type not in FILE_INPUTS:
            continue
        from karate.nodes.inputs.assets import UploadedFile  # loaded already: the registry holds its class

        node = cls.instantiate(graph.params[node_id], {})
        assert isinstance(node, UploadedFile)
        if not node.asset_id or node.asset_id in imported or store.exists(node.asset_id):
            continue
        if str(settings.storage_url or "").startswith("s3://"):
            where = "the asset store KARATE_STORAGE_URL names; set it to the studio's"
        else:
            where = f"the data folder {settings.data_dir}; run with --data-dir set to the studio's data folder"
        option = shlex.quote(f"{node_id}.path={node.filename or 'FILE'}")
        message = (
            f"{node.file_named()} is not in {where}, or give this node a file on this computer: "
            f"--set {option} (a path from the workflow file's folder)"
        )
        problems.append(Problem("missing_asset", message, node_id, "asset_id"))
    return problems


def open_engine(settings: Settings, registry: NodeRegistry | None = None, *, providers: bool = True) -> Engine:
    """An engine on the configured store and cache; `registry`: the node types it runs (default: every one);
    `providers`: whether model nodes will call providers (the hub, and httpx, are imported only then)."""
    settings.create_data_dir()
    store = open_asset_store(settings)
    # on PostgreSQL, the team's shared cache, in a database this command may be the first to use
    cache = open_cache_index(settings, store, migrate=True)
    hub = None
    if providers:
        from karate.providers import ProviderHub

        hub = ProviderHub(settings)
    return Engine(
        store,
        cache,
        registry=registry,
        workers=settings.worker_count,
        node_timeout=settings.node_timeout,
        services=NodeServices(settings, hub),
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
    try:
        document, files, file_problems = read_document(
            path, overrides, max_pixels=settings.max_image_pixels, keep_photo_location=settings.keep_photo_location
        )
        try:  # the same size limits as the API's, before any per-node work
            check_graph_size(document, GraphLimits.of(settings))
        except GraphTooLarge as error:
            raise GraphValidationError([Problem("too_large", error.message)]) from None
        if from_node is not None and from_node not in {n.get("id") for n in document["nodes"]}:
            raise GraphValidationError(
                [Problem("unknown_node", f"--from-node {from_node!r} is not in the workflow", from_node)]
            )
        targets = [from_node] if from_node else None
        registry = load_nodes_for(n.get("type") for n in document["nodes"] if isinstance(n, dict))
        graph = compile_graph(document, registry, targets=targets, node_problems=file_problems)
    except GraphValidationError as error:
        from karate.run_console import print_problems

        print_problems(_stderr(), path, error, as_json)
        return EXIT_INVALID
    engine = open_engine(settings, registry, providers=_calls_models(graph))
    store = engine.store
    assert isinstance(store, LocalAssetStore), "open_engine keeps results in a local folder or S3 with local copies"
    try:
        if not _store_answers(store, settings):
            return EXIT_INVALID
        missing = missing_assets(graph, store, files, settings)
        if missing:  # those nodes, and the ones that need them, can't run; the rest does
            try:
                graph = compile_graph(document, registry, targets=targets, node_problems=file_problems + missing)
            except GraphValidationError as error:
                from karate.run_console import print_problems

                print_problems(_stderr(), path, error, as_json)
                return EXIT_INVALID
        for file in files.values():
            store.import_file(file)
        execution = Execution(engine, graph, targets=targets)
        started = time.perf_counter()
        if as_json or not _stderr().is_terminal:
            result = await execution.execute()
        else:
            from karate.run_console import execute_with_progress

            result = await execute_with_progress(execution, _stderr())
        elapsed = time.perf_counter() - started
        written = export_outputs(result, store, document, out_dir)
    finally:
        engine.close()
        if engine.services.providers is not None:
            await engine.services.providers.aclose()
    record = run_record(result, written, elapsed)
    if as_json:
        sys.stdout.write(json.dumps(record, indent=2) + "\n")
    else:
        from karate.run_console import print_nothing_written, print_summary

        print_summary(_stderr(), record)
        if not any(written.values()):
            print_nothing_written(_stderr(), out_dir, why_nothing_was_saved(graph, registry, from_node))
    if result.status != RunStatus.COMPLETED:
        return EXIT_FAILED
    return EXIT_PARTIAL if result.blocked_nodes else EXIT_OK


def _store_answers(store: LocalAssetStore, settings: Settings) -> bool:
    """Whether the asset store can be used; on S3, a bucket that is missing or refused is said in words (not as
    a traceback) before anything runs."""
    if not (settings.storage_url and str(settings.storage_url).startswith("s3://")):
        return True
    from karate.storage.s3 import StorageUnavailable

    try:
        store.check()  # type: ignore[attr-defined]  # an S3AssetStore (not imported unless used)
    except StorageUnavailable as error:
        _stderr().print(f"[red]The asset store cannot be used[/red]: {error} (KARATE_STORAGE_URL)")
        return False
    return True


def why_nothing_was_saved(graph: CompiledGraph, registry: NodeRegistry, from_node: str | None) -> str | None:
    """Why a run wrote no file, in words that say what to do: the workflow has no output node, or its output
    nodes could not run (each with its problem), or `from_node` leaves them out. None when they ran: a failure
    of theirs is in the summary."""
    outputs = [(n.id, cls) for n in graph.document.nodes if (cls := registry.get(n.type)) and _is_output(cls)]
    if not outputs:
        return (
            "the workflow has no output node; add a Save Image (output.save) after the result you want, and run it "
            "again (the rest comes from the cache)"
        )
    if from_node is not None and not any(node_id in graph.classes for node_id, _ in outputs):
        return (
            f"--from-node {from_node} runs that node and what it needs, and no output node is among them; name an "
            f"output node instead (--from-node {outputs[0][0]})"
        )
    reasons = []
    for node_id, cls in outputs:
        title = graph.document.title_of(node_id, cls.spec.title)
        if node_id in graph.not_runnable:
            reasons.append(f"{title} can't run: " + "; ".join(p.message for p in graph.not_runnable[node_id]))
        elif node_id in graph.bypassed:
            reasons.append(f"{title} is bypassed; turn its bypass off")
    return "; ".join(reasons) or None


def _stderr() -> Console:
    """The console progress, summaries and problems are shown on (rich is loaded only when one is shown: a
    `--json` run that succeeds never loads it)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _is_output(cls: type[Node]) -> bool:
    """Whether nodes of this type write files (output nodes, as the studio's Save Image)."""
    return cls.spec.category == "outputs"


def _calls_models(graph: CompiledGraph) -> bool:
    return any(cls.spec.category.startswith("models") for cls in graph.classes.values())
