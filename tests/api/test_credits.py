"""Credits in a studio with accounts, with model nodes calling a fake Replicate: the price before a run equals
what the run charges (cached nodes free), a failed or cancelled node gives its credits back, a run the
balance does not cover is refused with 402 before anything is recorded or sent, fifty runs at once never
spend more than the balance, the per-run limit stops the node that would pass it, and admins grant credits."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import delete

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import AuditEntry
from karate.db.models import Run, User
from tests.api.accounts import SignedInUser, sign_up, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.credits_helpers import FLUX, FLUX_CREDITS, balance, flux_document, run_events, with_fake_replicate
from tests.providers.fakes import FakeProvider

SIGNUP = 10 * FLUX_CREDITS  # covers ten Flux nodes
RUN_LIMIT = 2 * FLUX_CREDITS


@pytest.fixture
def studio_settings(studio_settings: Settings, replicate: FakeProvider) -> Settings:
    return with_fake_replicate(studio_settings, replicate, signup_credits=SIGNUP, run_credit_limit=RUN_LIMIT)


alice = user_fixture("alice")


async def run_to_end(user: SignedInUser, document: dict) -> tuple[str, list[dict]]:
    answer = await user.client.post("/api/v1/runs", json={"workflow": document})
    assert answer.status_code == 202, answer.text
    run_id = answer.json()["id"]
    return run_id, await run_events(user.client, run_id)


async def estimate(user: SignedInUser, document: dict) -> dict:
    answer = await user.client.post("/api/v1/runs/estimate", json={"workflow": document})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_estimate_equals_what_the_run_charges_and_cached_nodes_are_free(
    alice: SignedInUser, replicate: FakeProvider
) -> None:
    document = flux_document("a red fox in snow", "a lighthouse in a storm")
    price = await estimate(alice, document)
    assert price["total"] == 2 * FLUX_CREDITS and price["charged"] is True and price["balance"] == SIGNUP
    flux = {node["node_id"]: node for node in price["nodes"] if node["type"] == FLUX}
    assert {node["plan"] for node in flux.values()} == {"run"} and {n["credits"] for n in flux.values()} == {6}

    _, events = await run_to_end(alice, document)
    assert events[-1]["type"] == "run.completed", events[-1]
    assert await balance(alice.client) == SIGNUP - price["total"]

    again = await estimate(alice, document)  # every result is cached now
    assert again["total"] == 0 and {n["plan"] for n in again["nodes"]} == {"cached"}
    _, events = await run_to_end(alice, document)
    assert events[-1]["type"] == "run.completed"
    assert await balance(alice.client) == SIGNUP - price["total"]
    assert len(replicate.received("POST", "/predictions")) == 2

    credits = (await alice.client.get("/api/v1/credits")).json()
    assert credits["spent_this_month"] == price["total"]
    assert credits["limits"] == {"run": RUN_LIMIT, "monthly": None}
    kinds = [(entry["kind"], entry["amount"]) for entry in credits["history"]["items"]]
    assert sorted(kinds) == [("hold", -6), ("hold", -6), ("signup", SIGNUP)]


async def test_a_failed_provider_call_gives_the_credits_back(alice: SignedInUser, replicate: FakeProvider) -> None:
    replicate.fail_job = "the prompt was flagged by the safety checker"
    _, events = await run_to_end(alice, flux_document("a fox"))
    assert events[-1]["type"] == "run.failed"
    assert await balance(alice.client) == SIGNUP
    history = (await alice.client.get("/api/v1/credits")).json()["history"]["items"]
    assert [(entry["kind"], entry["amount"]) for entry in history] == [("refund", 6), ("hold", -6), ("signup", SIGNUP)]


async def test_a_cancelled_run_gives_the_credits_back(alice: SignedInUser, replicate: FakeProvider) -> None:
    replicate.hang = True
    run_id = (await alice.client.post("/api/v1/runs", json={"workflow": flux_document("a fox")})).json()["id"]
    assert await asyncio.to_thread(replicate.wait_for, lambda fake: fake.received("POST", "/predictions"), 20)
    assert await balance(alice.client) == SIGNUP - FLUX_CREDITS  # held while the provider works
    assert (await alice.client.delete(f"/api/v1/runs/{run_id}")).status_code == 202
    events = await run_events(alice.client, run_id)
    assert events[-1]["type"] == "run.cancelled"
    assert await balance(alice.client) == SIGNUP


async def test_a_run_the_balance_does_not_cover_is_refused_before_anything_is_sent(
    alice: SignedInUser, replicate: FakeProvider
) -> None:
    document = flux_document(*(f"prompt {index}" for index in range(11)))  # 66 credits
    answer = await alice.client.post("/api/v1/runs", json={"workflow": document})
    assert answer.status_code == 402
    body = answer.json()
    assert (body["needed"], body["balance"], body["shortfall"]) == (66, SIGNUP, 6)
    assert "6 short" in body["detail"] and body["code"] == "insufficient_credits"
    assert (await alice.client.get("/api/v1/runs")).json()["items"] == []
    assert replicate.received() == []
    assert await balance(alice.client) == SIGNUP
    price = await estimate(alice, document)
    assert price["shortfall"] == 6


async def test_fifty_runs_at_once_spend_at_most_the_balance(alice: SignedInUser, replicate: FakeProvider) -> None:
    answers = await asyncio.gather(
        *(alice.client.post("/api/v1/runs", json={"workflow": flux_document(f"fox {index}")}) for index in range(50))
    )
    assert {answer.status_code for answer in answers} <= {202, 402}
    runs = [answer.json()["id"] for answer in answers if answer.status_code == 202]
    endings = await asyncio.gather(*(run_events(alice.client, run_id) for run_id in runs))
    completed = sum(events[-1]["type"] == "run.completed" for events in endings)
    refused = [
        event["error"]
        for events in endings
        for event in events
        if event["type"] == "node.failed" and event.get("node_id") == "flux0"
    ]
    assert completed == 10 and len(refused) == len(runs) - 10
    assert all(error["code"] == "insufficient_credits" and "short" in error["message"] for error in refused)
    assert len(replicate.received("POST", "/predictions")) == 10
    credits = (await alice.client.get("/api/v1/credits", params={"limit": 200})).json()
    assert credits["balance"] == 0
    assert sum(entry["amount"] for entry in credits["history"]["items"]) == 0


async def test_the_run_limit_stops_the_node_that_would_pass_it(alice: SignedInUser, replicate: FakeProvider) -> None:
    price = await estimate(alice, flux_document("one", "two", "three"))
    assert price["total"] == 3 * FLUX_CREDITS  # the estimate is the price; the limit stops the run as it goes
    _, events = await run_to_end(alice, flux_document("one", "two", "three"))
    failed = [event["error"] for event in events if event["type"] == "node.failed"]
    assert len(failed) == 1 and failed[0]["code"] == "credit_limit"
    assert "KARATE_RUN_CREDIT_LIMIT" in failed[0]["message"] and f"{RUN_LIMIT} credits" in failed[0]["message"]
    assert len(replicate.received("POST", "/predictions")) == 2
    assert await balance(alice.client) == SIGNUP - RUN_LIMIT


async def test_an_admin_grants_credits_and_a_user_may_not(
    studio: RunningStudio, alice: SignedInUser, database_url: str
) -> None:
    bob = await sign_up(studio.url, "bob")
    try:
        database = Database(database_url)
        try:
            async with database.session() as session:
                user = await session.get(User, bob.id)
                assert user is not None
                user.role = "admin"
                await session.commit()

            refused = await alice.client.post("/api/v1/admin/credits", json={"email": bob.email, "amount": 100})
            assert refused.status_code == 403 and "admin" in refused.json()["detail"]

            body = {"email": alice.email.upper(), "amount": 40, "note": "conference demo"}
            granted = await bob.client.post("/api/v1/admin/credits", json=body)
            assert granted.status_code == 200, granted.text
            assert granted.json() == {"user_id": alice.id, "amount": 40, "balance": SIGNUP + 40}
            taken = await bob.client.post("/api/v1/admin/credits", json={"user_id": alice.id, "amount": -500})
            assert taken.status_code == 422 and "at most" in taken.json()["detail"]
            unknown = await bob.client.post("/api/v1/admin/credits", json={"email": "nobody@example.com", "amount": 5})
            assert unknown.status_code == 404

            history = (await alice.client.get("/api/v1/credits")).json()["history"]["items"]
            assert (history[0]["kind"], history[0]["amount"], history[0]["note"]) == ("grant", 40, "conference demo")
            async with database.session() as session:
                audit = (await session.execute(AuditEntry.__table__.select())).mappings().all()
            assert [(row["actor_id"], row["target"], row["data"]["amount"]) for row in audit] == [
                (bob.id, alice.id, 40)
            ]
        finally:
            await database.dispose()
    finally:
        await bob.client.aclose()


async def test_signed_out_callers_get_no_price_or_balance(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/credits")).status_code == 401
    answer = await client.post("/api/v1/runs/estimate", json={"workflow": flux_document("a fox")})
    assert answer.status_code == 401


async def model_name(user: SignedInUser, node_type: str) -> str:
    catalog = (await user.client.get("/api/v1/nodes")).json()["nodes"]
    return next(str(spec["title"]) for spec in catalog if spec["type"] == node_type)


async def test_each_model_nodes_row_says_the_project_and_node_it_was_for(
    studio: RunningStudio, alice: SignedInUser, replicate: FakeProvider
) -> None:
    document = flux_document("a red fox in snow", "a lighthouse in a storm")
    document["nodes"][1]["title"] = "Hero image"  # flux0 has a title; flux1 has its model's
    saved = await alice.client.post("/api/v1/workflows", json={"title": "Poster", "document": document})
    assert saved.status_code == 201, saved.text
    project = saved.json()["id"]
    run = await alice.client.post("/api/v1/runs", json={"workflow_id": project})
    assert run.status_code == 202, run.text
    assert (await run_events(alice.client, run.json()["id"]))[-1]["type"] == "run.completed"
    unsaved_run, _ = await run_to_end(alice, flux_document("a heron at dawn"))  # a document never saved
    flux = await model_name(alice, FLUX)

    history = (await alice.client.get("/api/v1/credits")).json()["history"]["items"]
    assert [entry["kind"] for entry in history] == ["hold", "hold", "hold", "signup"]  # newest first
    assert history[0]["spent_on"] == {"project": None, "node_title": flux, "model": flux}  # no project to name
    poster = {"id": project, "title": "Poster", "in_trash": False}
    by_node = {entry["node_id"]: entry["spent_on"] for entry in history[1:3]}
    assert by_node == {
        "flux0": {"project": poster, "node_title": "Hero image", "model": flux},
        "flux1": {"project": poster, "node_title": flux, "model": flux},  # untitled: its model's name
    }
    assert history[3]["kind"] == "signup" and history[3]["spent_on"] is None

    assert (await alice.client.delete(f"/api/v1/workflows/{project}")).status_code == 204  # to the Trash
    database = Database(studio.settings.resolved_database_url)  # this test's loop's own connections
    try:
        async with database.session() as session:  # a run no longer kept: its row reads as before
            await session.execute(delete(Run).where(Run.id == unsaved_run))
            await session.commit()
    finally:
        await database.dispose()
    history = (await alice.client.get("/api/v1/credits")).json()["history"]["items"]
    assert history[0]["spent_on"] is None and (history[0]["kind"], history[0]["amount"]) == ("hold", -FLUX_CREDITS)
    assert [entry["spent_on"]["project"] for entry in history[1:3]] == [{**poster, "in_trash": True}] * 2
