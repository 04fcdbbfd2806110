"""What `karate run` shows on a terminal: a progress bar while the run goes, its problems, and a summary.

The progress bar's part of rich is imported only when one is shown (not when stderr is a file or a pipe)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from karate.engine import Event, Execution, GraphValidationError, NodeStatus, RunResult

if TYPE_CHECKING:
    from karate.engine.registry import NodeRegistry
    from karate.engine.sdk import Node
    from karate.engine.validation import CompiledGraph


async def execute_with_progress(execution: Execution, console: Console) -> RunResult:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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


def print_problems(console: Console, path: Path, error: GraphValidationError, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(
            json.dumps({"status": "invalid", "problems": [p.to_json() for p in error.problems]}, indent=2) + "\n"
        )
    counted = "1 problem" if len(error.problems) == 1 else f"{len(error.problems)} problems"
    console.print(f"[red]{path} is not a valid workflow ({counted}):[/red]")
    for problem in error.problems:
        console.print(f"  • {problem}")  # its code is in --json's answer, for programs


_STATUS_STYLE = {
    "completed": "green",
    "failed": "red",
    "skipped": "yellow",
    "cancelled": "yellow",
    NodeStatus.BLOCKED.value: "red",
}


def print_summary(console: Console, record: dict[str, Any]) -> None:
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
    blocked = sum(1 for n in nodes.values() if n["status"] == NodeStatus.BLOCKED)
    executed = sum(1 for n in nodes.values() if not n["cached"] and n["status"] != NodeStatus.BLOCKED)
    ended, colour = record["status"], "red"
    if ended == "completed":  # a run whose every node ran "completed"; one that left nodes out only "finished"
        ended, colour = ("finished", "yellow") if blocked else ("completed", "green")
    console.print(
        f"[{colour}]{ended}[/{colour}] in {record['duration_ms']:.0f} ms — "
        f"{len(nodes)} nodes, {executed} executed, {cached} cached"
        + (f", [red]{blocked} could not run[/red] (see their errors)" if blocked else "")
    )


def print_nothing_written(console: Console, out_dir: Path, reason: str | None) -> None:
    """Say why nothing was written to `out_dir` (then not created), when the summary does not already (`reason`:
    why_nothing_was_saved)."""
    if reason:
        console.print(f"[yellow]Nothing was written to {escape(str(out_dir))}[/yellow]: {escape(reason)}")


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


def _is_output(cls: type[Node]) -> bool:
    """Whether nodes of this type write files (output nodes, as the studio's Save Image)."""
    return cls.spec.category == "outputs"
