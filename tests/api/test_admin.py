"""Admins (made with `karate create-user --admin`) list accounts with their roles and credits, change roles,
and read the audit log of what admins did, newest first; nobody else may."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from click.testing import CliRunner

from karate.cli import main
from karate.config import Settings
from tests.api.accounts import PASSWORD, SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio

ADMIN_EMAIL = "root@example.com"


studio_settings = accounts_mode()


async def create_user(settings: Settings, *args: str) -> str:
    """Run `karate create-user ARGS` against the studio's database, the password piped in."""
    runner = CliRunner()
    result = await asyncio.to_thread(
        runner.invoke,
        main,
        ["create-user", *args, "--password-stdin", "--data-dir", str(settings.data_dir)],
        input=PASSWORD + "\n",
        env={"KARATE_DATABASE_URL": settings.database_url},
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
async def admin(studio: RunningStudio) -> AsyncIterator[SignedInUser]:
    await create_user(studio.settings, ADMIN_EMAIL, "--admin", "--name", "Root")
    client = httpx.AsyncClient(base_url=studio.url, timeout=30)
    signed_in = (await client.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL, "password": PASSWORD})).json()
    client.headers["x-csrf-token"] = signed_in["csrf_token"]
    yield SignedInUser(signed_in["user"]["id"], ADMIN_EMAIL, client, signed_in["csrf_token"])
    await client.aclose()


alice = user_fixture("alice")


async def test_an_admin_sees_accounts_changes_a_role_and_the_audit_log_says_so(
    admin: SignedInUser, alice: SignedInUser
) -> None:
    users = (await admin.client.get("/api/v1/admin/users")).json()
    assert users["total"] == 2
    listed = {user["email"]: user for user in users["items"]}
    assert listed[ADMIN_EMAIL]["role"] == "admin" and listed[ADMIN_EMAIL]["name"] == "Root"
    assert listed[alice.email]["role"] == "user" and isinstance(listed[alice.email]["credits"], int)

    changed = await admin.client.patch(f"/api/v1/admin/users/{alice.id}", json={"role": "staff"})
    assert changed.status_code == 200 and changed.json()["role"] == "staff"
    assert (await alice.client.get("/api/v1/auth/me")).json()["role"] == "staff"

    log = (await admin.client.get("/api/v1/admin/audit")).json()
    assert [entry["action"] for entry in log["items"]] == ["user.role_changed", "user.created"]  # newest first
    newest, created = log["items"]
    assert newest["actor_id"] == admin.id and newest["actor_email"] == ADMIN_EMAIL and newest["target"] == alice.id
    assert newest["data"] == {"from": "user", "to": "staff"}
    assert created["actor_id"] is None and created["data"] == {"email": ADMIN_EMAIL, "role": "admin"}
    page = (await admin.client.get("/api/v1/admin/audit", params={"limit": 1, "offset": 1})).json()
    assert page["total"] == 2 and [entry["action"] for entry in page["items"]] == ["user.created"]


async def test_only_admins_may_use_the_admin_routes(
    studio: RunningStudio, admin: SignedInUser, alice: SignedInUser
) -> None:
    for method, path, body in (
        ("GET", "/api/v1/admin/users", None),
        ("GET", "/api/v1/admin/audit", None),
        ("PATCH", f"/api/v1/admin/users/{admin.id}", {"role": "user"}),
        ("PATCH", f"/api/v1/admin/users/{alice.id}", {"role": "admin"}),
    ):
        answer = await alice.client.request(method, path, json=body)
        assert answer.status_code == 403 and "admin" in answer.json()["detail"], path
        async with httpx.AsyncClient(base_url=studio.url) as signed_out:
            assert (await signed_out.request(method, path, json=body)).status_code == 401
    assert (await admin.client.get("/api/v1/auth/me")).json()["role"] == "admin"
    assert (await admin.client.get("/api/v1/admin/audit")).json()["total"] == 1  # nothing was changed


async def test_role_changes_that_are_refused_in_words(admin: SignedInUser, alice: SignedInUser) -> None:
    own = await admin.client.patch(f"/api/v1/admin/users/{admin.id}", json={"role": "user"})
    assert own.status_code == 422 and "ask another admin" in own.json()["detail"]
    owner = await admin.client.patch(f"/api/v1/admin/users/{alice.id}", json={"role": "owner"})
    assert owner.status_code == 422
    unknown = await admin.client.patch(f"/api/v1/admin/users/{'0' * 32}", json={"role": "staff"})
    assert unknown.status_code == 404 and "/api/v1/admin/users" in unknown.json()["detail"]


async def test_create_user_refuses_a_taken_email(studio: RunningStudio, admin: SignedInUser) -> None:
    runner = CliRunner()
    result = await asyncio.to_thread(
        runner.invoke,
        main,
        ["create-user", ADMIN_EMAIL, "--password-stdin", "--data-dir", str(studio.settings.data_dir)],
        input=PASSWORD + "\n",
        env={"KARATE_DATABASE_URL": studio.settings.database_url},
    )
    assert result.exit_code == 1 and "already an account" in result.output
