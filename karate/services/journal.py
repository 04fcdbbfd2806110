"""The run journal: writes run progress (run rows, events, node results) to the database in batches.

One writer task commits everything that arrived while the previous transaction was committing (group
commit), each statement's rows in arrival order and as one executemany. A run submitted per request and a
dozen events per run then cost a few shared transactions instead of one each, which is what lets SQLite keep
up with hundreds of runs a second. Callers that must know a write is durable (a run's creation before
answering 202, a run's end before it leaves memory) await the future of their write.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable
from sqlalchemy.sql.dml import Insert

from karate.db import Database

log = logging.getLogger("karate.journal")

_BARRIER = text("SELECT 1")


class RowInsert:
    """An INSERT whose rows go to the database driver as they are: compiled once per dialect, each row's values
    put through the bind processors of their parameters' types (as SQLAlchemy converts them) into a tuple in the
    statement's order, without SQLAlchemy building and processing a parameter dictionary per row. For the
    statements a run writes a row of per event or per node: a 401-node run's 805 events and 401 node records cost
    the event loop 6.4 ms this way against 10.9 (SQLite; PostgreSQL 11.6 against 18.8). `columns`: every
    parameter a row gives, by name. A dialect with named parameters gets SQLAlchemy's own executemany."""

    def __init__(self, statement: Insert, columns: Sequence[str]) -> None:
        self.statement = statement
        self.columns = tuple(columns)
        # by dialect and driver: asyncpg's parameters are positional, psycopg's named
        self._compiled: dict[tuple[str, str], tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]] | None] = {}

    def for_dialect(self, dialect: Dialect) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]] | None:
        """The SQL text and the function turning a row (column -> value) into the driver's parameters; None
        for a dialect whose parameters are named."""
        key = (dialect.name, dialect.driver)
        if key not in self._compiled:
            self._compiled[key] = self._compile(dialect)
        return self._compiled[key]

    def _compile(self, dialect: Dialect) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]] | None:
        sql = self.statement.compile(dialect=dialect, column_keys=list(self.columns))
        if sql.positiontup is None:
            return None
        names = list(sql.positiontup)
        if set(names) != set(self.columns):
            raise ValueError(f"{names} are the statement's parameters, {self.columns} were given")
        processors = [sql.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
        processed = [(index, process) for index, process in enumerate(processors) if process is not None]
        values_of = itemgetter(*names)

        def parameters(row: dict[str, Any]) -> tuple[Any, ...]:
            values = list(values_of(row))
            for index, process in processed:
                values[index] = process(values[index])
            return tuple(values)

        return str(sql), parameters

    async def execute(self, connection: AsyncConnection, rows: dict[str, Any] | list[dict[str, Any]]) -> None:
        compiled = self.for_dialect(connection.dialect)
        if compiled is None:
            await connection.execute(self.statement, rows)
            return
        sql, parameters = compiled
        await connection.exec_driver_sql(sql, [parameters(row) for row in ([rows] if isinstance(rows, dict) else rows)])


Statement = Executable | RowInsert
Params = dict[str, Any] | Callable[[], dict[str, Any]]
Write = tuple[Statement, Params, "asyncio.Future[None] | None"]
Made = tuple[Statement, dict[str, Any], "asyncio.Future[None] | None"]  # a write with its parameters made


class RunJournal:
    """`first` and `last` name statements that must run before (or after) all others in a transaction,
    e.g. creating a run row before its events, and ending it after it started. Between them, all the rows of
    one statement go to the database as one executemany, in arrival order, the statements in the order each
    first arrived: a run's events and node records (other tables, no order between them) interleave, and
    would otherwise cost one round trip each."""

    def __init__(self, database: Database, *, first: Sequence[Statement] = (), last: Sequence[Statement] = ()) -> None:
        self.database = database
        self._rank = {id(statement): index - len(first) for index, statement in enumerate(first)}
        self._rank.update({id(statement): index + 1 for index, statement in enumerate(last)})
        self._rank[id(_BARRIER)] = len(last) + 1
        self._writes: list[Write] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._write_forever(), name="run-journal")

    async def stop(self) -> None:
        await self.flushed()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def write_nowait(self, statement: Statement, params: dict[str, Any]) -> None:
        """Queue a write; it commits with the next batch."""
        self._writes.append((statement, params, None))
        self._wake.set()

    def write_later(self, statement: Statement, params: Callable[[], dict[str, Any]]) -> None:
        """Queue a write whose parameters are asked for (`params()`) when its batch is taken to be committed:
        what its caller gathers until then goes into that one row (a run's events, `RunRecorder.follow`)."""
        self._writes.append((statement, params, None))
        self._wake.set()

    def write(self, statement: Statement, params: dict[str, Any]) -> asyncio.Future[None]:
        """Queue a write and return a future that resolves once it is committed (or fails)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._writes.append((statement, params, future))
        self._wake.set()
        return future

    def flushed(self) -> asyncio.Future[None]:
        """A future that resolves when everything queued so far is committed."""
        return self.write(_BARRIER, {})

    async def _write_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._writes = self._writes, []
            if not batch:
                continue
            await self._commit([_made(write) for write in batch])

    async def _commit(self, batch: list[Made]) -> None:
        try:
            async with self.database.engine.begin() as connection:
                for statement, params in _grouped(batch, self._rank):
                    if isinstance(statement, RowInsert):
                        await statement.execute(connection, params)
                    else:
                        await connection.execute(statement, params)
        except Exception:
            if len(batch) == 1:
                log.exception("could not write run progress to the database")
                _settle(batch, error=True)
                return
            # One bad write must not lose the others: retry them one by one.
            for write in batch:
                await self._commit([write])
            return
        _settle(batch, error=False)


def _made(write: Write) -> Made:
    """The write with its parameters made, if they are made late (`RunJournal.write_later`)."""
    statement, params, future = write
    return (statement, params() if callable(params) else params, future)


def _grouped(batch: list[Made], rank: dict[int, int]) -> list[tuple[Statement, Any]]:
    """Writes in rank order, then by statement (in the order each statement first arrived), each statement's
    rows in arrival order: every statement of a rank as one executemany."""
    arrival: dict[int, int] = {}
    for statement, _, _ in batch:
        arrival.setdefault(id(statement), len(arrival))
    ordered = sorted(batch, key=lambda write: (rank.get(id(write[0]), 0), arrival[id(write[0])]))
    groups: list[tuple[Statement, list[dict[str, Any]]]] = []
    for statement, params, _ in ordered:
        if groups and groups[-1][0] is statement and params:
            groups[-1][1].append(params)
        else:
            groups.append((statement, [params]))
    return [(statement, rows if len(rows) > 1 else rows[0]) for statement, rows in groups]


def _settle(batch: Sequence[Made], *, error: bool) -> None:
    for _, _, future in batch:
        if future is not None and not future.done():
            if error:
                future.set_exception(RuntimeError("the database did not accept the write; see the server log"))
            else:
                future.set_result(None)
