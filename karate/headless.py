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
from collections.abc import Callable
from dataclasses import dataclass, field
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
from karate.engine.overrides import (
    Override,
    on_given_settings,
    say_file_values,
    say_given_values,
)
from karate.engine.registry import NodeRegistry, load_nodes_for
from karate.engine.unknown_keys import closest
from karate.engine.validation import CompiledGraph
from karate.services.input_files import StoredFile, in_folder, input_file_problems, upload_inputs
from karate.services.limits import GraphLimits, GraphTooLarge, check_graph_size
from karate.services.outputs import output_file_names, output_stems, saved_assets
from karate.storage.assets import LocalAssetStore
from karate.storage.factory import is_s3_url, open_asset_store, open_cache_index
from karate.storage.media_errors import MEDIA_ARTICLE
from karate.workflow_reading import WorkflowRead, read_document

if TYPE_CHECKING:
    from rich.console import Console

    from karate.nodes.inputs.assets import UploadedFile
    from karate.storage.s3 import Bucket

# 0: everything ran; 1: a node failed; 2: nothing ran (the workflow is not valid, or its input files cannot be used);
# 3: the valid part ran, some nodes could not run (the record lists them, status "blocked", with their problems)
EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_PARTIAL = 0, 1, 2, 3


def open_engine(
    settings: Settings, registry: NodeRegistry | None = None, *, providers: bool = True, s3_client: Any = None
) -> Engine:
    """An engine on the configured store and cache; `registry`: the node types it runs (default: every one);
    `providers`: whether model nodes will call providers (the hub, and httpx, are imported only then);
    `s3_client`: that of the bucket asked before (a `Bucket`'s), on S3."""
    settings.create_data_dir()
    store = open_asset_store(settings, s3_client=s3_client)
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
    result: RunResult, store: LocalAssetStore, document: dict[str, Any], out_dir: Path, unnamed: dict[str, str]
) -> dict[str, list[str]]:
    """Copy the files of every completed output node into `out_dir` (created only when there is one to write);
    return the paths written per node.

    Names are the node's `filename`, else its name in `unnamed` (`output_stems`: the workflow's title and the node's
    name, as the studio names them), made safe (never a folder, never outside `out_dir`) and unique in the
    workflow's node order: a second `poster.png` is written as `poster-2.png`. Each file is written whole under a
    temporary name, then renamed into place."""
    wanted = {n["id"]: str((n.get("params") or {}).get("filename") or "") for n in document["nodes"]}
    order = _output_order(result, document)
    files = [(node_id, ref) for node_id in order for ref in saved_assets(result.nodes[node_id].outputs)]
    names = output_file_names((wanted[node_id], unnamed.get(node_id, "output"), ref.mime) for node_id, ref in files)
    root = out_dir.resolve()
    if files:  # a run that writes nothing leaves no empty folder behind
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
    # nothing is created (no data folder, no cache, no folder of S3 copies) until the graph is known to run
    read: WorkflowRead | None = None
    try:
        read = read_document(
            path, overrides, max_pixels=settings.max_image_pixels, keep_photo_location=settings.keep_photo_location
        )
        plan = _plan(read, settings, from_node)
        bucket = None  # on S3, the bucket asked (no folder of copies made) before anything is created
        if is_s3_url(settings.storage_url) and (bucket := _bucket(settings)) is None:
            return EXIT_INVALID
        plan.leave_out_unusable(_in_bucket(bucket) if bucket else in_folder(Path(settings.assets_dir)), settings)
    except GraphValidationError as error:
        return _refused(path, error, as_json, read)
    engine = open_engine(
        settings, plan.registry, providers=_calls_models(plan.graph), s3_client=bucket.client if bucket else None
    )
    store = engine.store
    assert isinstance(store, LocalAssetStore), "open_engine keeps results in a local folder or S3 with local copies"
    try:
        for file in plan.files.values():
            store.import_file(file)
        execution = Execution(engine, plan.graph, targets=plan.targets)
        started = time.perf_counter()
        if as_json or not _stderr().is_terminal:
            result = await execution.execute()
        else:
            from karate.run_console import execute_with_progress

            result = await execute_with_progress(execution, _stderr())
        elapsed = time.perf_counter() - started
        written = export_outputs(result, store, plan.document, out_dir, output_stems(plan.graph, plan.title))
    finally:
        engine.close()
        if engine.services.providers is not None:
            await engine.services.providers.aclose()
    record = run_record(result, written, elapsed)
    if as_json:
        sys.stdout.write(json.dumps(record, indent=2) + "\n")
    else:
        from karate.run_console import print_nothing_written, print_summary, why_nothing_was_saved

        print_summary(_stderr(), record)
        if not any(written.values()):
            print_nothing_written(_stderr(), out_dir, why_nothing_was_saved(plan.graph, plan.registry, from_node))
    if result.status != RunStatus.COMPLETED:
        return EXIT_FAILED
    return EXIT_PARTIAL if result.blocked_nodes else EXIT_OK


@dataclass
class _Plan:
    """What a run will do: the workflow with the command line's changes, the files to import, and the graph's
    runnable part. `leave_out_unusable` takes out the upload inputs whose stored file is not here, or not of their
    kind."""

    document: dict[str, Any]
    files: dict[str, Path]
    file_problems: list[Problem]
    given: list[Override]
    registry: NodeRegistry
    targets: list[str] | None
    title: str = ""  # the workflow's, which the files of Save nodes with no Filename are named after
    graph: CompiledGraph = field(init=False)

    def __post_init__(self) -> None:
        self.graph = self.compile()

    def compile(self, more: list[Problem] | None = None) -> CompiledGraph:
        """The runnable part; raises GraphValidationError when nothing can run, or when a value given on the
        command line is refused (its author fixes it, rather than see its node left out)."""
        problems = self.file_problems + (more or [])
        try:
            graph = compile_graph(self.document, self.registry, targets=self.targets, node_problems=problems)
        except GraphValidationError as error:
            raise GraphValidationError(self.values_said(error.problems)) from None
        refused = on_given_settings(graph.problems, self.given)
        if refused:
            raise GraphValidationError(say_given_values(refused, self.given))
        graph.problems = self.values_said(graph.problems)
        graph.not_runnable = {node_id: self.values_said(found) for node_id, found in graph.not_runnable.items()}
        return graph

    def values_said(self, problems: list[Problem]) -> list[Problem]:
        """`problems`, each refused value quoted: as typed with --set, or as the workflow file writes it."""
        nodes = {n.get("id"): n for n in self.document["nodes"] if isinstance(n, dict)}
        return say_file_values(say_given_values(problems, self.given), nodes, self.registry, self.given)

    def leave_out_unusable(self, lookup: Callable[[str], StoredFile | None], settings: Settings) -> None:
        """Take out the upload inputs whose stored file is not here (`lookup`: what the asset store holds), or is of
        another kind than the input takes, as the API does (karate.services.input_files)."""
        inputs = upload_inputs(self.graph)
        stored = {sha: StoredFile() for sha in self.files}  # given by path: checked as they were read
        for node in inputs.values():
            if node.asset_id not in stored and (file := lookup(node.asset_id)) is not None:
                stored[node.asset_id] = file
        problems = input_file_problems(inputs, stored, _OnThisComputer(settings))
        if problems:  # those nodes, and the ones that need them, can't run; the rest does
            self.graph = self.compile(problems)


class _OnThisComputer:
    """The command line's advice about an upload input's stored file: point at the studio's data folder (a workflow
    saved in a studio, run where that studio's data folder is not), or give a file from this computer."""

    def __init__(self, settings: Settings) -> None:
        if is_s3_url(settings.storage_url):
            self.where = "the asset store KARATE_STORAGE_URL names; set it to the studio's"
        else:
            folder = os.path.abspath(settings.data_dir)
            self.where = f"the data folder {folder}; run with --data-dir set to the studio's data folder"

    def missing(self, node_id: str, node: UploadedFile) -> str:
        give = _set(node_id, node.filename or "FILE")
        return f"{node.file_named()} is not in {self.where}, or give this node a file on this computer: {give}"

    def instead(self, node_id: str, node: UploadedFile) -> str:
        return f"Give this node {MEDIA_ARTICLE[node.media]} on this computer: {_set(node_id, 'FILE')}."


def _set(node_id: str, file: str) -> str:
    """ "--set img.path=board.jpg (a path from the current folder)": the option that gives the node a file."""
    return f"--set {shlex.quote(f'{node_id}.path={file}')} (a path from the current folder)"


def _in_bucket(bucket: Bucket) -> Callable[[str], StoredFile | None]:
    """The files the S3 bucket holds (their type is told by the node, as it runs)."""
    return lambda sha: StoredFile() if bucket.holds(sha) else None


def _plan(read: WorkflowRead, settings: Settings, from_node: str | None) -> _Plan:
    """What the run will do; raises GraphValidationError when the command line itself is wrong (its author fixes it,
    rather than see a part left out), saying too what keeps the workflow from running at all."""
    try:
        plan = _planned(read, settings, from_node)
    except GraphValidationError as error:
        if not read.refused:
            raise
        given = {(o.node_id, o.param) for o in read.given}  # said already, as typed
        own = [p for p in error.problems if p not in read.refused and (str(p.node_id), str(p.field)) not in given]
        raise GraphValidationError(read.refused + own) from None
    if read.refused:
        raise GraphValidationError(read.refused)
    return plan


def _planned(read: WorkflowRead, settings: Settings, from_node: str | None) -> _Plan:
    document = read.document
    try:  # the same size limits as the API's, before any per-node work
        check_graph_size(document, GraphLimits.of(settings))
    except GraphTooLarge as error:
        raise GraphValidationError([Problem("too_large", error.message)]) from None
    ids = [str(n.get("id")) for n in document["nodes"]]
    if from_node is not None and from_node not in ids:
        message = f"--from-node {from_node!r} is not in the workflow" + closest(from_node, ids, "its nodes")
        raise GraphValidationError([Problem("unknown_node", message, from_node)])
    registry = load_nodes_for(n.get("type") for n in document["nodes"] if isinstance(n, dict))
    targets = [from_node] if from_node else None
    return _Plan(document, read.files, read.file_problems, read.given, registry, targets, read.title)


def _refused(path: Path, error: GraphValidationError, as_json: bool, read: WorkflowRead | None) -> int:
    """Say why nothing ran (`read`: the workflow as read, to name the --set options and the files that cannot be
    used; None when the file holds no workflow)."""
    from karate.run_console import print_problems

    print_problems(_stderr(), path, error, as_json, read)
    return EXIT_INVALID


def _bucket(settings: Settings) -> Bucket | None:
    """The S3 bucket KARATE_STORAGE_URL names, once it answers; None when it is missing or refused, which is said
    in words (not as a traceback) before anything runs or is created."""
    from karate.storage.s3 import Bucket, StorageUnavailable  # boto3, for runs on S3 only

    assert settings.storage_url is not None
    bucket = Bucket.from_url(settings.storage_url, settings.s3_endpoint_url)
    try:
        bucket.check()
    except StorageUnavailable as error:
        _stderr().print(f"[red]The asset store cannot be used[/red]: {error} (KARATE_STORAGE_URL)")
        return None
    return bucket


def _stderr() -> Console:
    """The console progress, summaries and problems are shown on (rich is loaded only when one is shown: a
    `--json` run that succeeds never loads it)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _calls_models(graph: CompiledGraph) -> bool:
    return any(cls.spec.category.startswith("models") for cls in graph.classes.values())
