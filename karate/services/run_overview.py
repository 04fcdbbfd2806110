"""What a run's entry in a history shows beside its status: a picture of its result, the credits it spent and
how many of its nodes finished or did not run; and how far a run has got (GET /runs/{id}?view=summary): its nodes
counted by status, credits, time taken.

All are read from the node records alone (no signed URL per node): a page of runs is an aggregate query and one
record of each run for its picture (`RunRepository.picture_candidates`), a run's progress one aggregate query,
whatever their size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from karate.engine.registry import NodeRegistry
from karate.engine.run_state import NodeStatus
from karate.storage.mime import has_thumbnail

if TYPE_CHECKING:  # the repository is handed in, never opened here
    from karate.db.repositories import RunRepository


@dataclass(frozen=True, slots=True)
class NodeOutcome:
    """One node's record in a run, as far as an overview needs it."""

    node_type: str
    status: str  # a NodeStatus value
    cached: bool
    outputs: dict[str, Any]  # output summaries: {asset_id, mime, ...}, {list: [...]} or {value}
    finished_at: float | None  # Unix time, seconds


def _picture(summary: Any) -> str | None:
    """The asset id of the first picture in an output summary: a raster image, or a video (its thumbnail is a still
    of it); an SVG drawing gets no thumbnail."""
    if not isinstance(summary, dict):
        return None
    if "list" in summary:
        return next(filter(None, map(_picture, summary["list"])), None)
    return summary.get("asset_id") if has_thumbnail(summary.get("mime") or "") else None


def result_picture(nodes: Iterable[NodeOutcome], registry: NodeRegistry) -> str | None:
    """The asset id that pictures a run, among its candidates (`RunRepository.picture_candidates`: never an
    input's picture, which the run was given, not made): a saved result's image if an output node saved one (also
    of a picture that was only uploaded and saved), else the image of the node that finished last (the furthest
    downstream, as a rule); None when the run made no image."""
    best: tuple[bool, float, str] | None = None
    for node in nodes:
        if node.status != "completed":
            continue
        cls = registry.get(node.node_type)
        is_output = cls is not None and cls.spec.category == "outputs"
        for summary in node.outputs.values():
            asset_id = _picture(summary)
            if asset_id is not None:
                candidate = (is_output, node.finished_at or 0.0, asset_id)
                best = candidate if best is None or candidate[:2] > best[:2] else best
                break
    return best[2] if best else None


# A node in these did not run, though its run went on: it, or a node it needs, has a problem (blocked), or a node
# it needs failed (skipped). A run can complete with some, when the part of its graph that could run did.
NOT_RUN = frozenset({NodeStatus.BLOCKED, NodeStatus.SKIPPED})


def credits_spent(tallies: Iterable[NodeTally], registry: NodeRegistry) -> int:
    """The catalog credits of the AI model nodes the run executed; cached results and local tools cost none."""
    return sum(
        tally.count * node_credits(tally.node_type, registry)
        for tally in tallies
        if tally.status == "completed" and not tally.cached
    )


def completed(tallies: Iterable[NodeTally]) -> int:
    """How many of a run's nodes finished (executed or from the cache): a cancelled run keeps their results."""
    return sum(tally.count for tally in tallies if tally.status == NodeStatus.COMPLETED)


def not_run(tallies: Iterable[NodeTally]) -> int:
    """How many of a run's nodes did not run (`NOT_RUN`)."""
    return sum(tally.count for tally in tallies if tally.status in NOT_RUN)


def output_types(registry: NodeRegistry) -> list[str]:
    """The node types whose results are saved files (category `outputs`): their pictures come first."""
    return [cls.spec.type for cls in registry if cls.spec.category == "outputs"]


def input_types(registry: NodeRegistry) -> list[str]:
    """The node types that bring something into a run (category `inputs`: uploads, a URL, a prompt): their pictures
    are what a run was given, and picture no run."""
    return [cls.spec.type for cls in registry if cls.spec.category == "inputs"]


def node_credits(node_type: str, registry: NodeRegistry) -> int:
    """What one execution of a node type costs in catalog credits: an AI model's price, 0 for anything else."""
    cls = registry.get(node_type)
    credits = cls.spec.extra.get("credits") if cls is not None else None
    return credits if isinstance(credits, int) else 0


@dataclass(frozen=True, slots=True)
class NodeTally:
    """How many of a run's nodes of one type are in one state (a row of a GROUP BY over its node records)."""

    node_type: str
    status: str  # a NodeStatus value
    cached: bool
    count: int


def run_progress(
    tallies: Iterable[NodeTally], registry: NodeRegistry, started: datetime | None, finished: datetime | None
) -> dict[str, Any]:
    """A run's `RunProgress`: its nodes counted by status, how many came from the cache and how many were
    executed, the credits they spent, and the time since it started (until it finished, else until now)."""
    by_status: dict[str, int] = {}
    total = cached = executed = credits = 0
    for tally in tallies:
        total += tally.count
        by_status[tally.status] = by_status.get(tally.status, 0) + tally.count
        if tally.status != "completed":
            continue
        if tally.cached:
            cached += tally.count
        else:
            executed += tally.count
            credits += tally.count * node_credits(tally.node_type, registry)
    elapsed = None
    if started is not None:
        elapsed = round(((finished or datetime.now(UTC)) - started).total_seconds() * 1000, 3)
    return {
        "nodes": total,
        "by_status": dict(sorted(by_status.items())),
        "cached": cached,
        "executed": executed,
        "credits": credits,
        "elapsed_ms": elapsed,
    }


async def run_pictures(repo: RunRepository, run_ids: Sequence[str], registry: NodeRegistry) -> dict[str, str | None]:
    """The asset that pictures each run (`result_picture`): a saved result's image if an output node saved one, else
    the last image made. Run histories and the dashboard's cards both show it. One record of each run is read for it
    (its output nodes' last, else its other nodes' last); all of a kind only for a run whose last was a picture of
    another kind (an SVG drawing)."""
    pictures: dict[str, str | None] = dict.fromkeys(run_ids)
    unsure = list(run_ids)
    for of_outputs in (True, False):
        read = await _pictures(repo, registry, unsure, of_outputs, last_only=True)
        more = [run_id for run_id, (picture, rows) in read.items() if picture is None and rows]
        read.update(await _pictures(repo, registry, more, of_outputs, last_only=False))
        pictures.update((run_id, picture) for run_id, (picture, _) in read.items())
        unsure = [run_id for run_id in unsure if pictures[run_id] is None]
    return pictures


async def _pictures(
    repo: RunRepository, registry: NodeRegistry, run_ids: Sequence[str], of_outputs: bool, *, last_only: bool
) -> dict[str, tuple[str | None, int]]:
    """Of each run, the picture among its candidates of one kind (`picture_candidates`), and how many records were
    read."""
    if not run_ids:
        return {}
    found: dict[str, list[NodeOutcome]] = {run_id: [] for run_id in run_ids}
    for run_id, node_type, status, cached, outputs, finished_at in await repo.picture_candidates(
        run_ids, output_types(registry), input_types(registry), outputs=of_outputs, last_only=last_only
    ):
        finished = finished_at.timestamp() if finished_at else None
        found[run_id].append(NodeOutcome(node_type, status, cached, outputs or {}, finished))
    return {run_id: (result_picture(nodes, registry), len(nodes)) for run_id, nodes in found.items()}
