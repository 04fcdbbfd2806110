"""Accounts: sign-up, sign-in and out, the session cookie and its CSRF token, API keys, and what a signed-out
request meets. Local mode stays as it was: nobody signs in."""

from __future__ import annotations

import httpx

from tests.api.accounts import PASSWORD, SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio

studio_settings = accounts_mode()
alice = user_fixture("alice")


async def test_sign_up_signs_in_with_an_httponly_cookie_and_starting_credits(
    studio: RunningStudio, alice: SignedInUser
) -> None:
    cookie = next(c for c in alice.client.cookies.jar if c.name == "karate_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    me = (await alice.client.get("/api/v1/auth/me")).json()
    assert me["email"] == alice.email and me["mode"] == "accounts" and me["role"] == "user"
    assert me["csrf_token"] == alice.csrf_token
    assert me["credits"] == studio.settings.signup_credits


async def test_signed_out_requests_are_asked_to_sign_in(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/workflows", "/api/v1/runs", "/api/v1/auth/me"):
        answer = await client.get(path)
        assert answer.status_code == 401, path
        assert "sign in" in answer.json()["detail"]
    assert (await client.get("/api/v1/health")).status_code == 200


async def test_a_cookie_write_needs_the_csrf_token(alice: SignedInUser) -> None:
    without = await alice.client.post("/api/v1/workflows", json={"title": "t"}, headers={"x-csrf-token": ""})
    assert without.status_code == 403 and without.json()["code"] == "csrf_rejected"
    assert "x-csrf-token" in without.json()["detail"] and "API key" in without.json()["detail"], "a script is told how"
    forged = await alice.client.post("/api/v1/workflows", json={"title": "t"}, headers={"x-csrf-token": "x" * 43})
    assert forged.status_code == 403 and "reload the page" in forged.json()["detail"], "a stale page is told to reload"
    assert (await alice.client.post("/api/v1/workflows", json={"title": "t"})).status_code == 201


async def test_wrong_email_or_password_are_refused_alike(client: httpx.AsyncClient, alice: SignedInUser) -> None:
    wrong_password = await client.post("/api/v1/auth/login", json={"email": alice.email, "password": "nope-nope"})
    unknown = await client.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "nope-nope"})
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.json()["detail"] == unknown.json()["detail"]
    ok = await client.post("/api/v1/auth/login", json={"email": alice.email.upper(), "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["user"]["id"] == alice.id


async def test_signing_out_ends_the_session_and_a_tampered_cookie_is_refused(
    studio: RunningStudio, alice: SignedInUser
) -> None:
    token = alice.client.cookies["karate_session"]
    async with httpx.AsyncClient(base_url=studio.url, cookies={"karate_session": token[:-2] + "xx"}) as forged:
        assert (await forged.get("/api/v1/workflows")).status_code == 401
    assert (await alice.client.post("/api/v1/auth/logout")).status_code == 204
    async with httpx.AsyncClient(base_url=studio.url, cookies={"karate_session": token}) as replay:
        answer = await replay.get("/api/v1/workflows")
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]


async def test_an_api_key_works_until_revoked_and_is_shown_once(studio: RunningStudio, alice: SignedInUser) -> None:
    created = (await alice.client.post("/api/v1/auth/api-keys", json={"name": "ci"})).json()
    assert created["key"].startswith(created["prefix"])
    listed = (await alice.client.get("/api/v1/auth/api-keys")).json()["items"]
    assert [item["id"] for item in listed] == [created["id"]] and "key" not in listed[0]
    async with httpx.AsyncClient(base_url=studio.url, headers={"x-api-key": created["key"]}) as script:
        made = await script.post("/api/v1/workflows", json={"title": "from a script"})  # no CSRF for a key
        assert made.status_code == 201 and made.json()["owner_id"] == alice.id
        assert (await alice.client.delete(f"/api/v1/auth/api-keys/{created['id']}")).status_code == 204
        refused = await script.get("/api/v1/workflows")
        assert refused.status_code == 401 and "API key" in refused.json()["detail"]


async def test_a_password_change_checks_the_current_one_and_signs_out_other_sessions(
    studio: RunningStudio, alice: SignedInUser
) -> None:
    async with httpx.AsyncClient(base_url=studio.url) as other_tab:
        await other_tab.post("/api/v1/auth/login", json={"email": alice.email, "password": PASSWORD})
        wrong = await alice.client.post(
            "/api/v1/auth/password", json={"current_password": "nope-nope", "new_password": "a new password"}
        )
        assert wrong.status_code == 403
        changed = await alice.client.post(
            "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "a new password"}
        )
        assert changed.status_code == 204
        assert (await alice.client.get("/api/v1/auth/me")).status_code == 200  # this session stays
        assert (await other_tab.get("/api/v1/auth/me")).status_code == 401


async def test_sign_up_refuses_a_taken_email_and_a_short_password(
    client: httpx.AsyncClient, alice: SignedInUser
) -> None:
    taken = await client.post("/api/v1/auth/signup", json={"email": alice.email, "password": PASSWORD})
    assert taken.status_code == 422 and "already an account" in taken.json()["detail"]
    short = await client.post("/api/v1/auth/signup", json={"email": "bob@example.com", "password": "short"})
    assert short.status_code == 422 and "8 characters" in short.json()["detail"]


async def test_a_session_past_its_time_is_refused(studio: RunningStudio, alice: SignedInUser) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from karate.db import Database
    from karate.db.account_tables import AuthSession
    from karate.db.models import utcnow

    database = Database(studio.settings.resolved_database_url)
    try:
        async with database.session() as session:
            await session.execute(
                update(AuthSession)
                .where(AuthSession.user_id == alice.id)
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            await session.commit()
    finally:
        await database.dispose()
    answer = await alice.client.get("/api/v1/workflows")
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]


async def test_a_reset_asked_of_a_studio_without_mail_says_who_makes_the_link(
    client: httpx.AsyncClient, alice: SignedInUser
) -> None:
    known = await client.post("/api/v1/auth/password-reset", json={"email": alice.email})
    unknown = await client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content  # it never tells which emails have accounts
    said = known.json()["detail"]
    assert "sends no mail, so no link is on its way" in said
    assert "the person who runs this studio" in said and "“karate reset-link” with your email" in said
    assert "ask its admin" not in said  # a studio may have no admin account
    wrong = await client.post("/api/v1/auth/password-reset", json={"email": "bob@"})
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "'bob@' is not an email address; write it as name@example.com"  # as sign-up says
