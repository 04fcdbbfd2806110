"""Forgotten passwords: a reset link mailed through SMTP (a local aiosmtpd server stands in for the mail
server), used once to set a new password, which signs out every session; the answer to a reset request
never tells whether the email has an account."""

from __future__ import annotations

import logging
import re
from email.message import Message

import httpx
import pytest

from karate.config import Settings
from karate.services.mail import Mailer
from tests.api.accounts import PASSWORD, SignedInUser, user_fixture, with_accounts
from tests.api.conftest import RunningStudio
from tests.api.mailbox import Inbox, inbox

NEW_PASSWORD = "a brand new password"

__all__ = ["inbox"]  # the fixture this module's tests use


@pytest.fixture
def studio_settings(studio_settings: Settings, inbox: tuple[Inbox, int]) -> Settings:
    return with_accounts(studio_settings).model_copy(update={"smtp_url": f"smtp://127.0.0.1:{inbox[1]}"})


alice = user_fixture("alice")


def reset_token(message: Message, studio: RunningStudio) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    link = re.search(r"(\S+/reset-password\?token=(\S+))", body.decode())
    assert link is not None, body
    assert link.group(1).startswith(studio.url)
    return link.group(2)


async def test_a_mailed_link_sets_a_new_password_once_and_signs_out_every_session(
    studio: RunningStudio, client: httpx.AsyncClient, alice: SignedInUser, inbox: tuple[Inbox, int]
) -> None:
    asked = await client.post("/api/v1/auth/password-reset", json={"email": alice.email.upper()})
    assert asked.status_code == 202
    message = await inbox[0].next_message()
    assert message["To"] == alice.email and "Reset" in message["Subject"]
    token = reset_token(message, studio)

    short = await client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "short"})
    assert short.status_code == 422 and "8 characters" in short.json()["detail"]  # the link still works
    done = await client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD})
    assert done.status_code == 204

    assert (await alice.client.get("/api/v1/auth/me")).status_code == 401  # her session ended
    old = await client.post("/api/v1/auth/login", json={"email": alice.email, "password": PASSWORD})
    assert old.status_code == 401
    new = await client.post("/api/v1/auth/login", json={"email": alice.email, "password": NEW_PASSWORD})
    assert new.status_code == 200

    again = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "yet another password"}
    )
    assert again.status_code == 422 and "ask for a new one" in again.json()["detail"]


async def test_an_unknown_email_gets_the_same_answer_and_no_mail(
    client: httpx.AsyncClient, alice: SignedInUser, inbox: tuple[Inbox, int]
) -> None:
    unknown = await client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.com"})
    known = await client.post("/api/v1/auth/password-reset", json={"email": alice.email})
    assert unknown.status_code == known.status_code == 202
    assert unknown.content == known.content and "reset" in known.json()["detail"]
    message = await inbox[0].next_message()
    assert [m["To"] for m in inbox[0].messages] == [alice.email] and message["To"] == alice.email


async def test_a_made_up_token_is_refused_in_words(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": "not-a-real-token", "new_password": NEW_PASSWORD}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("this reset link is not valid")


async def test_without_a_mail_server_the_log_says_mail_is_off(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="karate.mail"):
        sent = await Mailer(None, "studio@example.com").send("alice@example.com", "Reset your password", "...")
    assert sent is False
    assert "mail is off (KARATE_SMTP_URL is not set)" in caplog.text
