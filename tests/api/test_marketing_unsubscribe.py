"""A marketing email's one-click unsubscribe (RFC 8058): the email names its link in List-Unsubscribe with
List-Unsubscribe-Post, and a mail app's POST to that link, without cookies, sign-in or the studio's origin, stops the
emails; a GET of the link still opens its page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from karate.agents.context import PlanContext
from karate.db import Database
from karate.db.models import User
from karate.engine.registry import load_builtin_nodes
from karate.services.agent_tools import AgentTools
from karate.services.mail import Mailer
from karate.services.marketing_agent import send_marketing_email
from karate.services.signing import UrlSigner
from tests.agents.rows import add_user
from tests.api.accounts import accounts_mode
from tests.api.conftest import RunningStudio
from tests.api.mailbox import Inbox, inbox

__all__ = ["inbox"]  # the fixture this module's tests use

studio_settings = accounts_mode()
NOW = datetime.now(UTC).replace(microsecond=0)
SITE = "https://studio.example.com"


@pytest.fixture
async def database(studio: RunningStudio) -> AsyncIterator[Database]:
    db = Database(studio.settings.resolved_database_url)
    yield db
    await db.dispose()


async def receives(database: Database, user_id: str) -> bool:
    async with database.session() as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user.marketing_emails


def mailing_tools(database: Database, studio: RunningStudio, port: int) -> AgentTools:
    """The marketing agent's tools, mailing through the local mail server, signing with the studio's key."""
    settings = studio.settings.model_copy(
        update={"smtp_url": f"smtp://127.0.0.1:{port}", "marketing_emails": True, "public_url": SITE}
    )
    signer = UrlSigner.from_settings(settings.signing_secret, settings.data_dir, settings.signed_url_ttl)
    mailer = Mailer(settings.smtp_url, "Karate Studio <studio@example.com>")
    context = lambda: PlanContext(load_builtin_nodes())  # noqa: E731
    return AgentTools(database, settings.data_dir, context, None, settings, mailer, signer)


async def test_a_mail_apps_one_click_unsubscribe_stops_the_emails_without_signing_in(
    database: Database, studio: RunningStudio, inbox: tuple[Inbox, int]
) -> None:
    dana = await add_user(database, "dana@example.com", created=NOW - timedelta(days=8))
    sent = await send_marketing_email(mailing_tools(database, studio, inbox[1]), NOW, {"user_id": dana})
    assert sent["sent"] is True
    [message] = inbox[0].messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message["List-Unsubscribe"]
    assert header.startswith(f"<{SITE}/unsubscribe?token=") and header.endswith(">")
    link = header[1:-1]
    assert link in message.get_payload(decode=True).decode(), "the header names the email's own link"

    target = urlsplit(link)
    path, [token] = f"{target.path}?{target.query}", parse_qs(target.query)["token"]
    async with httpx.AsyncClient(base_url=studio.url) as mail_app:  # no cookie, no CSRF token
        page = await mail_app.get(path)  # opening the link shows its page, and changes nothing
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert await receives(database, dana) is True
        stopped = await mail_app.post(
            path,
            content=b"List-Unsubscribe=One-Click",
            headers={"content-type": "application/x-www-form-urlencoded", "origin": "https://mail.example.net"},
        )
        assert stopped.status_code == 200, stopped.text
        assert stopped.json() == {"email": "dana@example.com", "marketing_emails": False}

        forged = await mail_app.post("/unsubscribe?token=nobody.0000", content=b"List-Unsubscribe=One-Click")
        assert forged.status_code == 422
        assert forged.json()["detail"].startswith(
            "this unsubscribe link is not valid (cut short, or from another studio)"
        )
        bare = await mail_app.post("/unsubscribe", content=b"List-Unsubscribe=One-Click")
        assert bare.status_code == 422 and "token" in bare.json()["detail"]
        # only the link is open to other sites' pages: the rest of the API still refuses them
        foreign = await mail_app.post(
            "/api/v1/marketing/resubscribe",
            json={"token": token},
            headers={"origin": "https://mail.example.net"},
        )
        assert foreign.status_code == 403
    assert await receives(database, dana) is False
    late = await send_marketing_email(mailing_tools(database, studio, inbox[1]), NOW, {"user_id": dana})
    assert (late["sent"], late["why"]) == (False, "they turned these emails off")
