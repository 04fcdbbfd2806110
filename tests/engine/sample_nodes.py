"""Node types used only by the engine tests: numbers that count their executions, failures, waits."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter

from karate.engine.registry import NodeRegistry, load_builtin_nodes, node
from karate.sdk import Image, Input, Node, NodeContext, NodeFailure, Number, Param, Text

registry = NodeRegistry()
for builtin in load_builtin_nodes():
    registry.register(builtin)

executions: Counter[str] = Counter()
gate = {"event": None}
concurrency = {"now": 0, "peak": 0}
ticks = {"n": 0}
_lock = threading.Lock()


def reset() -> None:
    executions.clear()
    concurrency.update(now=0, peak=0)
    ticks["n"] = 0


@node("test.const", title="Const", category="test", target=registry)
class Const(Node):
    value: float = Param(1.0, ge=-1000, le=1000)
    outputs = {"number": Number}

    def run(self, ctx: NodeContext) -> float:
        executions[ctx.node_id] += 1
        return self.value


@node("test.add", title="Add", category="test", target=registry)
class Add(Node):
    a: float = Input()
    b: float = Input(required=False)
    offset: float = Param(0.0)
    outputs = {"number": Number}

    def run(self, ctx: NodeContext) -> float:
        executions[ctx.node_id] += 1
        return self.a + (self.b or 0.0) + self.offset


@node("test.sum", title="Sum", category="test", target=registry)
class Sum(Node):
    numbers: list[Number] = Input()
    outputs = {"number": Number}

    def run(self, ctx: NodeContext) -> float:
        executions[ctx.node_id] += 1
        return float(sum(self.numbers))


@node("test.fail", title="Fail", category="test", target=registry)
class Fail(Node):
    a: float = Input(required=False)
    outputs = {"number": Number}

    def run(self, ctx: NodeContext) -> float:
        executions[ctx.node_id] += 1
        raise NodeFailure("this node always fails; remove it", code="always_fails")


@node("test.crash", title="Crash", category="test", target=registry)
class Crash(Node):
    outputs = {"number": Number}

    def run(self, ctx: NodeContext) -> float:
        raise ZeroDivisionError("division by zero")


@node("test.wait", title="Wait", category="test", target=registry)
class Wait(Node):
    """Waits on the test's gate (or `seconds`), counting how many waits overlap."""

    a: float = Input(required=False)
    seconds: float = Param(0.0, ge=0)
    outputs = {"number": Number}

    async def run(self, ctx: NodeContext) -> float:
        executions[ctx.node_id] += 1
        with _lock:
            concurrency["now"] += 1
            concurrency["peak"] = max(concurrency["peak"], concurrency["now"])
        try:
            event = gate["event"]
            if isinstance(event, asyncio.Event):
                await event.wait()
            else:
                await asyncio.sleep(self.seconds)
        finally:
            with _lock:
                concurrency["now"] -= 1
        return (self.a or 0.0) + 1


@node("test.spin", title="Spin", category="test", target=registry)
class Spin(Node):
    """CPU-side work that checks for cancellation, reporting progress."""

    seconds: float = Param(5.0, ge=0)
    outputs = {"number": Number}
    timeout = 0.3
    threaded = True

    def run(self, ctx: NodeContext) -> float:
        executions[ctx.node_id] += 1
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            ctx.check_cancelled()
            time.sleep(0.005)
        return 1.0


@node("test.tick", title="Tick", category="test", target=registry)
class Tick(Node):
    """A volatile node: same parameters, a new value each run."""

    outputs = {"number": Number}
    volatile = True

    def run(self, ctx: NodeContext) -> float:
        ticks["n"] += 1
        return float(ticks["n"] // 2)  # changes every second run


@node("test.echo", title="Echo", category="test", target=registry)
class Echo(Node):
    text: str = Input()
    outputs = {"text": Text}

    def run(self, ctx: NodeContext) -> str:
        return self.text


@node("test.spoken", title="Spoken", category="test", target=registry)
class Spoken(Node):
    """Text known only once it runs, as a chat model's answer is."""

    said: str = Param("")
    outputs = {"text": Text}

    def run(self, ctx: NodeContext) -> str:
        return self.said


ran_on: dict[str, str] = {}  # node id -> name of the thread that ran it


@node("test.where", title="Where", category="test", target=registry)
class Where(Node):
    """Passes its image through and records which thread ran it."""

    image: Image = Input()
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> object:
        ran_on[ctx.node_id] = threading.current_thread().name
        return self.image
