"""A model node is charged once per run even when a worker taking the run over runs it again; the end of a run
settles or refunds what its first worker left held; a server starting beside workers refunds only the holds of
runs that have ended."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import CreditHold
from karate.db.models import Run, User, new_id, utcnow
from karate.services.credits import CreditKind, CreditService


async def _user(database: Database, credits: int) -> str:
    user_id = new_id()
    async with database.session() as session:
        session.add(User(id=user_id, email=f"{user_id}@example.com", name="u", credits=0, created_at=utcnow()))
        await session.commit()
    await CreditService(database, Settings(_env_file=None)).grant(user_id, credits, kind=CreditKind.SIGNUP)
    return user_id


async def _run(database: Database, owner_id: str, *, finished: bool) -> str:
    run_id = new_id()
    async with database.session() as session:
        session.add(
            Run(
                id=run_id,
                owner_id=owner_id,
                status="completed" if finished else "running",
                document={"schema_version": 1, "nodes": [], "edges": []},
                created_at=utcnow(),
                finished_at=utcnow() if finished else None,
            )
        )
        await session.commit()
    return run_id


async def _holds(database: Database, run_id: str) -> dict[str, str]:
    async with database.session() as session:
        rows = await session.execute(select(CreditHold.node_id, CreditHold.status).where(CreditHold.run_id == run_id))
        return {node_id: status for node_id, status in rows.all()}


def _service(database: Database, tmp_path: Path) -> CreditService:
    return CreditService(database, Settings(_env_file=None, data_dir=tmp_path))


async def test_a_node_run_again_by_the_worker_that_took_its_run_over_is_charged_once(
    database: Database, tmp_path: Path
) -> None:
    credits = _service(database, tmp_path)
    user = await _user(database, 20)
    run_id = await _run(database, user, finished=False)
    assert await credits.hold(user, run_id, "model", 5) == 15  # the first worker, killed before the provider answered
    assert await credits.hold(user, run_id, "model", 5) == 15  # the worker that took over: the same hold
    assert await credits.settle(run_id, "model")
    assert await credits.hold(user, run_id, "model", 5) == 15  # already paid for in this run
    assert await credits.balance(user) == 15 and await _holds(database, run_id) == {"model": "settled"}


async def test_a_node_refunded_before_is_charged_again_when_it_runs_again(database: Database, tmp_path: Path) -> None:
    credits = _service(database, tmp_path)
    user = await _user(database, 20)
    run_id = await _run(database, user, finished=False)
    await credits.hold(user, run_id, "model", 5)
    assert await credits.refund(run_id, "model")
    assert await credits.hold(user, run_id, "model", 5) == 15
    assert await _holds(database, run_id) == {"model": "held"}


async def test_the_end_of_a_taken_over_run_settles_nodes_that_gave_results_and_refunds_the_others(
    database: Database, tmp_path: Path
) -> None:
    credits = _service(database, tmp_path)
    user = await _user(database, 20)
    run_id = await _run(database, user, finished=False)
    await credits.hold(user, run_id, "cached_now", 4)  # finished before the kill: a cache hit for the new worker
    await credits.hold(user, run_id, "not_reached", 3)  # the run was cancelled before it ran again
    await credits.hold(user, run_id, "done", 2)
    await credits.settle(run_id, "done")
    assert await credits.close_run(run_id, ["cached_now", "done"]) == 2
    assert await _holds(database, run_id) == {"cached_now": "settled", "not_reached": "refunded", "done": "settled"}
    assert await credits.balance(user) == 14
    assert await credits.close_run(run_id, []) == 0


async def test_a_server_starting_beside_workers_refunds_only_holds_of_runs_that_ended(
    database: Database, tmp_path: Path
) -> None:
    credits = _service(database, tmp_path)
    user = await _user(database, 20)
    executing = await _run(database, user, finished=False)
    ended = await _run(database, user, finished=True)
    await credits.hold(user, executing, "model", 5)
    await credits.hold(user, ended, "model", 5)
    assert await credits.recover(ended_runs_only=True) == 1
    assert await _holds(database, executing) == {"model": "held"}
    assert await _holds(database, ended) == {"model": "refunded"}
    assert await credits.recover() == 1  # the embedded default: every hold left held
