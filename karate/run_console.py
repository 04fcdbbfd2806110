"""What `karate run` shows on a terminal: a progress bar while the run goes, its problems, and a summary.

The progress bar's part of rich is imported only when one is shown (not when stderr is a file or a pipe)."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from karate.engine import Event, Execution, GraphValidationError, NodeStatus, Problem, RunResult
from karate.workflow_reading import A_FILE_OF, InputFile, WorkflowRead

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


class Refusal(StrEnum):
    """`karate run --json`'s `status` when nothing ran (README): the workflow's own problems, a --set that does not
    fit the workflow (the command line is wrong, not the file), or only files given to its input nodes that cannot be
    used."""

    INVALID = "invalid"
    INVALID_SET = "invalid_set"
    UNUSABLE_FILE = "unusable_file"


def print_problems(
    console: Console, path: Path, error: GraphValidationError, as_json: bool, read: WorkflowRead | None
) -> None:
    """Say why nothing ran: each --set that does not fit the workflow (a node or setting it does not have, a value
    the setting refuses) quoted as typed; the workflow's own problems under "… is not a valid workflow"; and the files
    given to its input nodes that cannot be used (`read.inputs`: those nodes, named), by file and node title, with
    what to do. With `as_json`, the same on stdout, its `status` a `Refusal`."""
    inputs = read.inputs if read is not None else {}
    typed = _typed(read)
    files = [p for p in error.problems if _on_input_file(p, inputs)]
    on_set = [p for p in error.problems if p not in files and _on_set(p, typed)]
    others = [p for p in error.problems if p not in files and p not in on_set]
    said = {id(p): _set_line(p, typed, read) for p in on_set}  # the same words on the terminal and in --json
    sections = []  # (headline, the problems under it in words)
    if on_set:
        sections.append((_set_headline(on_set, typed, path, others), list(said.values())))
    if others:
        counted = "1 problem" if len(others) == 1 else f"{len(others)} problems"
        also = "Also, " if sections else ""
        sections.append((f"{also}{path} is not a valid workflow ({counted})", [str(p) for p in others]))
    if files:
        unusable = ("Also, " if sections else "Nothing ran: ") + _unusable_files(files, inputs)
        sections.append((unusable, [f"{inputs[str(p.node_id)].title}: {p.message}" for p in files]))
    if as_json:  # the problems as the run record's nodes say theirs: their node by id, for programs
        status = Refusal.INVALID if others else Refusal.INVALID_SET if on_set else Refusal.UNUSABLE_FILE
        answer = {
            "status": str(status),
            "message": ". ".join(headline for headline, _ in sections),
            "problems": [replace(p, message=said.get(id(p), p.message)).to_json() for p in error.problems],
        }
        sys.stdout.write(json.dumps(answer, indent=2) + "\n")
    for headline, lines in sections:
        console.print(f"[red]{escape(headline)}:[/red]")
        for line in lines:
            console.print(f"  • {escape(line)}")  # its code is in --json's answer, for programs


def _typed(read: WorkflowRead | None) -> dict[tuple[str, str], str]:
    """Each setting --set gave, as typed (`blur.radius=abc`), by node and setting."""
    given = read.given if read is not None else []
    return {(o.node_id, o.param): shlex.quote(f"{o.node_id}.{o.param}={o.text}") for o in given}


def _on_set(problem: Problem, typed: dict[tuple[str, str], str]) -> bool:
    """Whether `problem` is on a --set: one that names nothing there or is mistyped, or a value its setting refuses."""
    return problem.code == "invalid_override" or (str(problem.node_id), str(problem.field)) in typed


def _set_headline(on_set: list[Problem], typed: dict[tuple[str, str], str], path: Path, others: list[Problem]) -> str:
    """ "Nothing ran: a --set does not fit w.json (the command line is wrong, not the file); correct it and run
    again", counting the options, not their problems."""
    options = {typed.get((str(p.node_id), str(p.field)), p.message) for p in on_set}
    one = len(options) == 1
    which = "a --set does not fit" if one else f"{len(options)} --set options do not fit"
    whose = "" if others else " (the command line is wrong, not the file)"
    return f"Nothing ran: {which} {path}{whose}; correct {'it' if one else 'them'} and run again"


def _set_line(problem: Problem, typed: dict[tuple[str, str], str], read: WorkflowRead | None) -> str:
    """ "--set blur.radius=abc: Radius must be a number from 0 to 200; you gave 'abc'": the --set as typed, its node's
    title where the problem's words do not name it, and what is wrong."""
    given = typed.get((str(problem.node_id), str(problem.field)))
    if given is None:  # "--set radius=3 does not say which node …": the message quotes it
        return problem.message
    title = read.titles.get(str(problem.node_id), "") if read is not None else ""
    named = problem.code == "invalid_override" or not title or title.casefold() == str(problem.node_id).casefold()
    return f"--set {given}: {problem.message}" if named else f"--set {given} ({title}): {problem.message}"


#: The problems of a file given to an input node (karate.workflow_reading, karate.services.input_files).
_FILE_PROBLEMS = frozenset({"missing_file", "invalid_file", "missing_asset"})

#: Each kind of media as a person calls what they give an input ("Product photo's picture"), and a good one.
_MEDIA_WORD = {"image": "picture", "video": "video", "audio": "sound"}
_REAL_FILE = {"image": "a real image file", "video": "a real video file", "audio": "a real audio file"}


def _on_input_file(problem: Problem, inputs: Mapping[str, InputFile]) -> bool:
    return problem.code in _FILE_PROBLEMS and str(problem.node_id) in inputs and problem.field in ("path", "asset_id")


def _unusable_files(problems: list[Problem], inputs: Mapping[str, InputFile]) -> str:
    """ "Product photo's picture “empty.png” cannot be used; give it a real image file": each file of `problems`
    named with its node's title, and what to do."""
    named = [(problem, inputs[str(problem.node_id)]) for problem in problems]
    files = [
        f"{file.title}'s {_MEDIA_WORD[file.media]}" + (f" “{file.name}”" if file.name else "") for _, file in named
    ]
    codes = {problem.code for problem in problems}
    one = named[0][1] if len(named) == 1 else None
    if one is not None and one.name is None and codes == {"missing_file"}:  # no file given at all
        return f"{one.title} has no {_MEDIA_WORD[one.media]}; give it {A_FILE_OF[one.media]}"
    them, real = ("it", _REAL_FILE[one.media]) if one else ("each", "a real file of its kind")
    if len(codes) > 1:
        advice = "each says below what to do"
    elif codes == {"missing_asset"}:  # a workflow saved in a studio, whose files are in that studio's store
        advice = f"run with the studio's data folder (or asset store), or give {them} a file on this computer"
    elif codes == {"missing_file"}:
        advice = f"give {them} the path of {real}"
    else:
        advice = f"give {them} {real}"
    listed = f"{', '.join(files[:-1])} and {files[-1]}" if len(files) > 1 else files[0]
    return f"{listed} cannot be used; {advice}"


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
