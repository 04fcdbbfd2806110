"""Compliance (spec 10.2): a user downloads everything of theirs as a zip, deletes their account with everything
of it (the credit ledger keeps its rows without them), and sets the analytics opt-out and whether they receive the
marketing emails (both in the export). Another user's data,
even a file with the same bytes, is untouched. Local mode exports the machine owner's data and deletes nothing."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from karate.db import Database
from karate.db.account_tables import ApiKey, CreditEntry, SupportReply, SupportTicket
from karate.db.models import Run, User, utcnow
from karate.services.accounts import AccountService
from tests.api.accounts import PASSWORD, SignedInUser, accounts_mode, local_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, gradient_png, png_bytes

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")


@pytest.fixture
async def database(studio: RunningStudio) -> AsyncIterator[Database]:
    """The studio's database, opened beside it to look at what no API shows (anonymised ledger rows)."""
    db = Database(studio.settings.resolved_database_url)
    yield db
    await db.dispose()


async def upload(client: httpx.AsyncClient, data: bytes, name: str) -> dict[str, Any]:
    answer = await client.post("/api/v1/assets", files={"file": (name, data, "image/png")})
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def run_to_end(client: httpx.AsyncClient, document: dict[str, Any]) -> str:
    answer = await client.post("/api/v1/runs", json={"workflow": document})
    assert answer.status_code == 202, answer.text
    run_id: str = answer.json()["id"]
    stream = (await client.get(f"/api/v1/runs/{run_id}/events")).text  # the stream ends with the run
    kinds = [line.removeprefix("event: ") for line in stream.splitlines() if line.startswith("event: ")]
    assert kinds[-1] == "run.completed", stream[-600:]
    return run_id


async def add_ledger_entry(database: Database, user_id: str, amount: int) -> int:
    async with database.session() as session:
        entry = CreditEntry(user_id=user_id, kind="grant", amount=amount, balance_after=amount, created_at=utcnow())
        session.add(entry)
        await session.commit()
        return entry.id


def read_zip(answer: httpx.Response) -> zipfile.ZipFile:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment;") and 'filename="karate-export-' in disposition
    return zipfile.ZipFile(io.BytesIO(answer.content))


def entries(archive: zipfile.ZipFile, folder: str) -> set[str]:
    return {name.removeprefix(folder).removesuffix(".json") for name in archive.namelist() if name.startswith(folder)}


async def test_the_export_holds_exactly_the_callers_workflows_runs_and_files(
    alice: SignedInUser, bob: SignedInUser, database: Database
) -> None:
    photo = await upload(alice.client, png_bytes(seed=1), "holiday photo.png")
    kept = (
        await alice.client.post("/api/v1/workflows", json={"title": "Kept", "document": chain_document(photo["id"])})
    ).json()
    trashed = (await alice.client.post("/api/v1/workflows", json={"title": "Trashed"})).json()
    assert (await alice.client.delete(f"/api/v1/workflows/{trashed['id']}")).status_code == 204
    run_id = await run_to_end(alice.client, chain_document(photo["id"]))
    await add_ledger_entry(database, alice.id, 25)
    theirs = await upload(bob.client, png_bytes(seed=2), "bobs.png")
    bobs_workflow = (await bob.client.post("/api/v1/workflows", json={"title": "Bob's"})).json()
    await run_to_end(bob.client, chain_document(theirs["id"]))

    archive = read_zip(await alice.client.get("/api/v1/me/export"))

    account = json.loads(archive.read("account.json"))
    assert account["id"] == alice.id and account["email"] == alice.email and account["role"] == "user"
    assert "password_hash" not in account and PASSWORD not in archive.read("account.json").decode()
    assert entries(archive, "workflows/") == {kept["id"], trashed["id"]}
    assert json.loads(archive.read(f"workflows/{trashed['id']}.json"))["deleted_at"] is not None
    assert json.loads(archive.read(f"workflows/{kept['id']}.json"))["document"]["nodes"][0]["params"] == {
        "asset_id": photo["id"]
    }
    assert entries(archive, "runs/") == {run_id}
    run = json.loads(archive.read(f"runs/{run_id}.json"))
    assert run["status"] == "completed" and {node["node_id"] for node in run["nodes"]} == {
        "img",
        "blur0",
        "invert",
        "save",
    }
    files = json.loads(archive.read("assets.json"))
    assert theirs["id"] not in {record["sha256"] for record in files}
    by_sha = {record["sha256"]: record for record in files}
    assert archive.read(by_sha[photo["id"]]["file"]) == png_bytes(seed=1)
    assert by_sha[photo["id"]]["file"] == "assets/holiday photo.png"
    saved = [record for record in files if record["source_run_id"] == run_id]
    assert len(saved) == 1 and archive.read(saved[0]["file"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert {entry["amount"] for entry in json.loads(archive.read("credits.json"))} >= {25}
    assert json.loads(archive.read("shares.json")) == []

    # Bob uploads the bytes of Alice's photo: his export has them under his own name, none of her details.
    await upload(bob.client, png_bytes(seed=1), "same.png")
    his = {r["sha256"]: r for r in json.loads(read_zip(await bob.client.get("/api/v1/me/export")).read("assets.json"))}
    assert his[photo["id"]]["file"] == "assets/same.png" and his[photo["id"]]["source_run_id"] is None
    assert set(his) == {photo["id"], theirs["id"]} | {r["sha256"] for r in his.values() if r["source_run_id"]}
    assert bobs_workflow["id"] not in archive.read("workflows/" + kept["id"] + ".json").decode()


async def test_deleting_an_account_removes_everything_of_it_and_nothing_of_anyone_else(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, database: Database
) -> None:
    same_bytes, only_hers = png_bytes(seed=3), png_bytes(seed=4)
    shared = await upload(alice.client, same_bytes, "a.png")
    hers = await upload(alice.client, only_hers, "mine.png")
    assert (await upload(bob.client, same_bytes, "b.png"))["id"] == shared["id"]
    public = (
        await alice.client.post(
            "/api/v1/workflows", json={"title": "Public", "document": chain_document(hers["id"]), "is_public": True}
        )
    ).json()
    trashed = (await alice.client.post("/api/v1/workflows", json={"title": "Trashed"})).json()
    await alice.client.delete(f"/api/v1/workflows/{trashed['id']}")
    run_id = await run_to_end(alice.client, chain_document(hers["id"]))
    entry_ids = [await add_ledger_entry(database, alice.id, 7), await add_ledger_entry(database, alice.id, -2)]
    bobs_workflow = (await bob.client.post("/api/v1/workflows", json={"title": "Bob's"})).json()
    bobs_entry = await add_ledger_entry(database, bob.id, 3)
    hers_url = (await alice.client.get(f"/api/v1/assets/{hers['id']}")).json()["url"]
    question = {"ticket": "Can I pay by invoice?"}
    her_ticket = (await alice.client.post("/api/v1/agents/support", json=question)).json()["id"]
    await alice.client.post(f"/api/v1/agents/support/{her_ticket}/replies", json={"text": "My company needs one."})
    bobs_ticket = (await bob.client.post("/api/v1/agents/support", json=question)).json()["id"]
    signed_out = httpx.AsyncClient(base_url=studio.url, timeout=30)
    assert (await signed_out.get(f"/api/v1/workflows/{public['id']}")).status_code == 200

    wrong = await alice.client.request("DELETE", "/api/v1/me", json={"password": "not the password"})
    assert wrong.status_code == 403 and "nothing was deleted" in wrong.json()["detail"]
    assert (await alice.client.get(f"/api/v1/workflows/{public['id']}")).status_code == 200
    missing = await alice.client.request("DELETE", "/api/v1/me", json={})
    assert missing.status_code == 422 and "password" in missing.json()["detail"]

    deleted = await alice.client.request("DELETE", "/api/v1/me", json={"password": PASSWORD})
    assert deleted.status_code == 204
    assert 'karate_session=""' in deleted.headers["set-cookie"] or "Max-Age=0" in deleted.headers["set-cookie"]

    assert (await alice.client.get("/api/v1/auth/me")).status_code == 401
    login = await signed_out.post("/api/v1/auth/login", json={"email": alice.email, "password": PASSWORD})
    assert login.status_code == 401
    for client in (signed_out, bob.client):
        for path in (f"/api/v1/workflows/{public['id']}", f"/api/v1/workflows/{trashed['id']}"):
            assert (await client.get(path)).status_code in (401, 404), path
    assert (await bob.client.get(f"/api/v1/runs/{run_id}")).status_code == 404
    assert (await bob.client.get(f"/api/v1/assets/{hers['id']}")).status_code == 404
    assert (await signed_out.get(hers_url)).status_code == 404  # the file itself is gone
    await signed_out.aclose()

    # Bob's data stands, the file he uploaded with the same bytes too, under his own name.
    assert (await bob.client.get(f"/api/v1/workflows/{bobs_workflow['id']}")).status_code == 200
    his = (await bob.client.get(f"/api/v1/assets/{shared['id']}")).json()
    assert his["filename"] == "b.png"
    assert (await bob.client.get(his["url"])).content == same_bytes
    async with database.session() as session:
        rows = (await session.execute(select(CreditEntry.id, CreditEntry.user_id))).all()
        assert (await session.scalars(select(Run.id).where(Run.id == run_id))).first() is None
        tickets = set((await session.scalars(select(SupportTicket.id))).all())
        replies = (await session.scalars(select(SupportReply.id).where(SupportReply.ticket_id == her_ticket))).all()
    assert her_ticket not in tickets and bobs_ticket in tickets and replies == []  # her questions went with her
    assert {row.id: row.user_id for row in rows if row.id in entry_ids} == dict.fromkeys(entry_ids)
    assert {row.user_id for row in rows if row.id == bobs_entry} == {bob.id}


async def test_a_run_still_going_is_cancelled_before_the_account_goes(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, database: Database
) -> None:
    big = await upload(alice.client, gradient_png(1200, 1000), "big.png")
    answer = await alice.client.post("/api/v1/runs", json={"workflow": chain_document(big["id"], blurs=30, radius=40)})
    run_id = answer.json()["id"]
    async with alice.client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
        async for line in stream.aiter_lines():
            if line == "event: node.started":
                break

    assert (await alice.client.request("DELETE", "/api/v1/me", json={"password": PASSWORD})).status_code == 204

    assert studio.app.state.studio.runs.live.get(run_id) is None  # type: ignore[attr-defined]
    async with database.session() as session:
        assert (await session.scalars(select(Run.id).where(Run.id == run_id))).first() is None
    mine = await upload(bob.client, png_bytes(seed=5), "x.png")
    await run_to_end(bob.client, chain_document(mine["id"]))  # the studio runs on


async def test_an_account_without_a_password_confirms_with_its_email(studio: RunningStudio, database: Database) -> None:
    accounts = AccountService(database, studio.settings)
    user = await accounts.create_user("oidc-only@example.com", None, "Oidc")
    _, key = await accounts.create_api_key(user.id, "script")
    async with httpx.AsyncClient(base_url=studio.url, timeout=30, headers={"x-api-key": key}) as client:
        refused = await client.request("DELETE", "/api/v1/me", json={"confirm": "someone@example.com"})
        assert refused.status_code == 422 and "oidc-only@example.com" in refused.json()["detail"]
        assert (
            await client.request("DELETE", "/api/v1/me", json={"confirm": "OIDC-only@example.com"})
        ).status_code == 204
        assert (await client.get("/api/v1/auth/me")).status_code == 401
    async with database.session() as session:
        assert (await session.scalars(select(ApiKey).where(ApiKey.user_id == user.id))).first() is None


async def test_the_profile_and_analytics_opt_out_change_and_show_in_me(alice: SignedInUser) -> None:
    changed = await alice.client.patch("/api/v1/me", json={"analytics_opt_out": True, "name": "Alice L."})
    assert changed.status_code == 200
    assert changed.json()["analytics_opt_out"] is True and changed.json()["name"] == "Alice L."
    me = (await alice.client.get("/api/v1/auth/me")).json()
    assert me["analytics_opt_out"] is True and me["name"] == "Alice L." and me["email"] == alice.email
    assert (await alice.client.patch("/api/v1/me", json={"analytics_opt_out": False})).json()["name"] == "Alice L."
    assert (await alice.client.patch("/api/v1/me", json={"role": "admin"})).status_code == 422
    assert (await alice.client.patch("/api/v1/me", json={"name": ""})).status_code == 422


async def test_turning_the_marketing_emails_off_shows_in_me_and_in_the_export_and_goes_with_the_account(
    alice: SignedInUser, database: Database
) -> None:
    assert (await alice.client.get("/api/v1/auth/me")).json()["marketing_emails"] is True  # on until turned off
    changed = await alice.client.patch("/api/v1/me", json={"marketing_emails": False})
    assert changed.status_code == 200 and changed.json()["marketing_emails"] is False
    me = (await alice.client.get("/api/v1/auth/me")).json()
    assert me["marketing_emails"] is False and me["analytics_opt_out"] is False  # nothing else changed
    account = json.loads(read_zip(await alice.client.get("/api/v1/me/export")).read("account.json"))
    assert (account["marketing_emails"], account["analytics_opt_out"]) == (False, False)
    assert (await alice.client.patch("/api/v1/me", json={"marketing_emails": True})).json()["marketing_emails"]

    deleted = await alice.client.request("DELETE", "/api/v1/me", json={"password": PASSWORD})
    assert deleted.status_code == 204
    async with database.session() as session:
        assert await session.get(User, alice.id) is None  # the choice was kept on the account's own row


@local_mode
async def test_local_mode_exports_the_owners_data_and_deletes_nothing(client: httpx.AsyncClient) -> None:
    asset = await upload(client, png_bytes(seed=6), "local.png")
    workflow = (await client.post("/api/v1/workflows", json={"title": "Local"})).json()

    archive = read_zip(await client.get("/api/v1/me/export"))
    assert json.loads(archive.read("account.json"))["role"] == "owner"
    assert entries(archive, "workflows/") == {workflow["id"]}
    assert archive.read("assets/local.png") == png_bytes(seed=6)
    assert asset["id"] in archive.read("assets.json").decode()

    refused = await client.request("DELETE", "/api/v1/me", json={"password": "whatever"})
    assert refused.status_code == 409 and "local mode" in refused.json()["detail"]
    assert (await client.get(f"/api/v1/workflows/{workflow['id']}")).status_code == 200
