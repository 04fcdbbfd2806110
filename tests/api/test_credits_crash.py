"""A server killed (SIGKILL) while a model node's credits are held, before they are settled: after the
restart the hold is refunded, so the balance is what it was before the run, and the ledger says so."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.accounts import sign_up
from tests.api.credits_helpers import FLUX_CREDITS, balance, flux_document
from tests.api.test_crash import run_row_status, studio_process
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider


@pytest.fixture
def replicate() -> Iterator[FakeProvider]:
    fake = FAKES["replicate"]()
    with fake.server:
        yield fake


async def test_a_hold_interrupted_by_a_kill_is_refunded_at_restart(
    tmp_path: Path, database_url: str, replicate: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("FAL_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REPLICATE_API_TOKEN", TEST_KEY)
    settings = {
        "auth": "true",
        "signup_credits": "20",
        "replicate_base_url": replicate.url,
        "replicate_wait_seconds": "0",
        "provider_poll_interval": "0.01",
    }
    replicate.hang = True  # the job never finishes: the server dies while the credits are held
    data_dir = tmp_path / "data"
    async with studio_process(data_dir, database_url, **settings) as (url, process):
        user = await sign_up(url, "alice")
        run_id = (await user.client.post("/api/v1/runs", json={"workflow": flux_document("a fox")})).json()["id"]
        assert await asyncio.to_thread(replicate.wait_for, lambda fake: fake.received("POST", "/predictions"), 30)
        assert await balance(user.client) == 20 - FLUX_CREDITS
        process.kill()  # SIGKILL: no shutdown code runs
        await process.wait()
        await user.client.aclose()

    async with (
        studio_process(data_dir, database_url, **settings) as (url, _),
        httpx.AsyncClient(base_url=url, cookies=user.client.cookies, timeout=30) as client,
    ):
        credits = (await client.get("/api/v1/credits")).json()
        assert credits["balance"] == 20
        assert [(e["kind"], e["amount"]) for e in credits["history"]["items"]] == [
            ("refund", FLUX_CREDITS),
            ("hold", -FLUX_CREDITS),
            ("signup", 20),
        ]
        assert credits["spent_this_month"] == 0
    assert await run_row_status(database_url, run_id) == "failed"
